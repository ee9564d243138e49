/**
 * The error taxonomy of the Connector. Everything above a transport sees only these errors: transports
 * convert axios errors, HTTP statuses and SOAP faults into them at the boundary.
 *
 * `retryable` drives the delivery rules: a retryable error is tried again with backoff, anything else
 * goes to the dead-letter list at once with its message.
 */
export type ConnectorErrorCode =
  | 'VALIDATION'
  | 'CONFIGURATION'
  | 'PLUGIN_DEFINITION'
  | 'NOT_IMPLEMENTED'
  | 'AUTHENTICATION'
  | 'WEBHOOK_SIGNATURE'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'AMBIGUOUS_MATCH'
  | 'RATE_LIMITED'
  | 'BUDGET_SPENT'
  | 'PAYLOAD_TOO_LARGE'
  | 'PLATFORM_REJECTED'
  | 'PLATFORM_UNAVAILABLE'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'DATABASE'
  | 'UNKNOWN';

/** Options common to every {@link ConnectorError}. */
export interface ConnectorErrorOptions {
  /** The underlying error, kept for operators (never rendered into API answers). */
  cause?: unknown;
  /** Overrides the default retryability of the code. */
  retryable?: boolean;
  /** The plugin whose work failed, named in the message. */
  pluginId?: string;
  /** For validation errors: the field that was wrong. */
  field?: string;
  /** For rate limits and 503s: how long the platform asked us to wait. */
  retryAfterMs?: number;
  /** The HTTP status the platform answered, where there was one. */
  status?: number;
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<ConnectorErrorCode> = new Set([
  'RATE_LIMITED',
  'BUDGET_SPENT',
  'PLATFORM_UNAVAILABLE',
  'NETWORK',
  'TIMEOUT',
  'DATABASE',
]);

/** The one base class of every error the Connector raises on purpose. */
export class ConnectorError extends Error {
  readonly code: ConnectorErrorCode;
  readonly retryable: boolean;
  readonly pluginId?: string;
  readonly field?: string;
  readonly retryAfterMs?: number;
  readonly status?: number;

  constructor(code: ConnectorErrorCode, message: string, options: ConnectorErrorOptions = {}) {
    super(options.pluginId ? `[${options.pluginId}] ${message}` : message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.pluginId = options.pluginId;
    this.field = options.field;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}

/** Input that does not match the model; `field` names what was wrong. Never retried. */
export class ValidationError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('VALIDATION', message, options);
  }
}
/** A configuration or turn-up that cannot work as given. */
export class ConfigurationError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('CONFIGURATION', message, options);
  }
}
/** A plugin definition that breaks the contract (checked eagerly by `definePlugin`). */
export class PluginDefinitionError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('PLUGIN_DEFINITION', message, options);
  }
}
/** An operation a generated plugin has not filled in yet. */
export class NotImplementedError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('NOT_IMPLEMENTED', message, options);
  }
}
/** The platform refused our credentials. Not retried: a person has to fix the turn-up. */
export class AuthenticationError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('AUTHENTICATION', message, options);
  }
}
/** The platform refused the content (4xx, client fault, validation on its side). Not retried. */
export class PlatformRejectedError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('PLATFORM_REJECTED', message, options);
  }
}
/** The platform failed on its side (5xx, server fault). Retried. */
export class PlatformUnavailableError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('PLATFORM_UNAVAILABLE', message, options);
  }
}
/** The platform asked us to slow down (429). Retried after `retryAfterMs`. */
export class RateLimitedError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('RATE_LIMITED', message, options);
  }
}
/**
 * The turn-up's call budget for the day (`callBudget.perDay`) is spent: the call was not made. Retried
 * after `retryAfterMs`, when the budget's day resets; the worker gives its deliveries back meanwhile.
 */
export class BudgetSpentError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('BUDGET_SPENT', message, options);
  }
}
/** The connection failed or was dropped. Retried. */
export class NetworkError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('NETWORK', message, options);
  }
}
/** The platform did not answer in time. Retried. */
export class TimeoutError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('TIMEOUT', message, options);
  }
}
/** A record that should exist does not. */
export class NotFoundError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('NOT_FOUND', message, options);
  }
}

/**
 * A webhook whose signature is missing, malformed, wrong or too old (a replay): core answers 401, logs
 * it without the body, and changes nothing. The message names what failed, never the secret.
 */
export class WebhookSignatureError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('WEBHOOK_SIGNATURE', message, options);
  }
}

/** Wraps anything thrown into a ConnectorError, keeping the original as `cause`. */
export function toConnectorError(error: unknown, pluginId?: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectorError('UNKNOWN', message, { cause: error, pluginId });
}
