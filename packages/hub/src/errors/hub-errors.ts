import { ConnectorError, type ConnectorErrorCode, type ConnectorErrorOptions } from '@connector/core';

// The intake refuses with core's ForbiddenError; the hub's own refusals (auth, reads) use the same class.
export { ForbiddenError } from '@connector/core';

/**
 * The `reason` of an API error: core's codes, plus UNSUPPORTED_MEDIA_TYPE which only the HTTP layer
 * meets (core's taxonomy has no code for it yet).
 */
export type ApiReason = ConnectorErrorCode | 'UNSUPPORTED_MEDIA_TYPE';

/** The request contradicts an earlier one (an Idempotency-Key reused with another body, a replay of a delivery that is not dead). */
export class ConflictError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('CONFLICT', message, options);
  }
}
/** The body is larger than the configured limit. */
export class PayloadTooLargeError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('PAYLOAD_TOO_LARGE', message, options);
  }
}
/** The body's Content-Type is not one the endpoint reads. */
export class UnsupportedMediaTypeError extends ConnectorError {
  readonly reason = 'UNSUPPORTED_MEDIA_TYPE' as const;
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('VALIDATION', message, options);
  }
}

const STATUS: Partial<Record<ApiReason, number>> = {
  VALIDATION: 400,
  AUTHENTICATION: 401,
  WEBHOOK_SIGNATURE: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  DATABASE: 503,
};

/** The API reason of an error. */
export function reasonOf(error: ConnectorError): ApiReason {
  return error instanceof UnsupportedMediaTypeError ? error.reason : error.code;
}

/** The HTTP status the API answers for a reason (500 for anything unexpected). */
export function statusOf(reason: ApiReason): number {
  return STATUS[reason] ?? 500;
}
