import { ConnectorError, type ConnectorErrorOptions } from '../errors/connector-error';

/** The sender is known but may not do this (another client, another provider's identifier). */
export class ForbiddenError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super('FORBIDDEN', message, options);
  }
}
