import { ConnectorError, errorUUIDOf, rejectedValueOf, type Logger, type Redactor } from '@connector/core';
import { PayloadTooLargeError, reasonOf, statusOf, UnsupportedMediaTypeError, type ApiReason } from './hub-errors';

/** What an API error answer carries, in XML or JSON. */
export interface ApiError {
  status: number;
  reason: ApiReason;
  /** Unique per error, also written to the winston log, so support can find the log line. */
  errorUUID: string;
  /** For people; never a stack trace or a secret. */
  message: string;
  /** For validation errors: the field that was wrong. */
  field?: string;
}

// The intake quotes the same errorUUID in the INBOUND ERROR entry of a refused record as the answer.
export { errorUUIDOf };

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/** Turns fastify's own errors (body parsing, limits) into the taxonomy. */
function fromFastify(error: FastifyLikeError, bodyLimitBytes: number): ConnectorError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new PayloadTooLargeError(`the body is larger than the limit of ${bodyLimitBytes} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new UnsupportedMediaTypeError(
        'this endpoint does not read that Content-Type (XML endpoints read application/xml or text/xml, JSON endpoints application/json)',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ConnectorError('VALIDATION', 'the body is empty; a JSON document was expected');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ConnectorError('VALIDATION', 'the Content-Length does not match the body');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ConnectorError('VALIDATION', 'the body is not valid JSON');
  }
  if (error instanceof SyntaxError && (error as FastifyLikeError).statusCode === 400) return new ConnectorError('VALIDATION', 'the body is not valid JSON');
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    const reason = error.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : error.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION';
    return new ConnectorError(reason, 'the request could not be read');
  }
  return undefined;
}

/**
 * Makes the one error answer of the hub: a reason, an errorUUID and a message fit for the caller. 4xx
 * messages say what was wrong (redacted); 5xx messages say only that it failed and quote the errorUUID,
 * while the full story (redacted, stack included) goes to the winston log under the same errorUUID.
 */
export class ErrorResponder {
  constructor(
    private readonly logger: Logger,
    private readonly redactor: Redactor,
    private readonly bodyLimitBytes: number,
  ) {}

  /** Classifies and logs an error; `context` is added to the log line. */
  toApiError(raw: unknown, context: Record<string, unknown> = {}): ApiError {
    const errorUUID = errorUUIDOf(raw);
    const error = raw instanceof ConnectorError ? raw : fromFastify(raw as FastifyLikeError, this.bodyLimitBytes);
    if (!error) {
      this.logger.error('request failed unexpectedly', { errorUUID, ...context, error: raw, stack: this.stack(raw) });
      return { status: 500, reason: 'UNKNOWN', errorUUID, message: `an unexpected error occurred; quote errorUUID ${errorUUID} to support` };
    }
    const reason = reasonOf(error);
    let status = statusOf(reason);
    if (reason === 'DATABASE' && !error.retryable) status = 500;
    if (status >= 500) {
      this.logger.error('request failed', { errorUUID, reason, ...context, error, stack: this.stack(error.cause ?? error) });
      const message =
        reason === 'DATABASE'
          ? `the store could not complete the request${error.retryable ? '; try again' : ''}; quote errorUUID ${errorUUID} to support`
          : `the hub could not complete the request; quote errorUUID ${errorUUID} to support`;
      return { status, reason, errorUUID, message };
    }
    const message = this.redactor.redactString(error.message);
    // A value that failed authentication or scoping is in neither the message nor the log line: at most
    // its field and a hash prefix (`rejected: clientId (sha256 3f2a9c1b…)`), so support can match two refusals.
    const rejected = rejectedValueOf(error);
    this.logger.warn('request refused', { errorUUID, reason, status, ...context, message, field: error.field, ...(rejected ? { rejected } : {}) });
    return { status, reason, errorUUID, message, ...(error.field ? { field: error.field } : {}) };
  }

  private stack(error: unknown): string | undefined {
    return error instanceof Error && error.stack ? this.redactor.redactString(error.stack) : undefined;
  }
}
