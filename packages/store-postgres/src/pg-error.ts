import { ConnectorError } from '@connector/core';

/**
 * SQLSTATE classes and codes worth another try: the connection went away, the server is starting or
 * shutting down, a deadlock or serialization failure (the transaction was rolled back whole), too many
 * connections. Constraint violations and syntax errors fail the same way again.
 */
const TRANSIENT_STATES = /^(08|40|53|57P0[1-3]|55P03)/;
/** Node's socket errors: the server is not (or no longer) reachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** The SQLSTATE or socket code of an error, if it has one. */
export function pgErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the error says the server cannot be reached or dropped the connection. */
export function isConnectionFailure(error: unknown): boolean {
  const code = pgErrorCode(error);
  if (code === undefined) return /Connection terminated|timeout exceeded when trying to connect/i.test(String((error as Error)?.message));
  return NETWORK_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P03';
}

/**
 * Why a connection to `where` (the URL without its password) failed, in an operator's words: the
 * password is never part of it, whatever the server said.
 */
export function describeConnectFailure(error: unknown, where: string): string {
  const code = pgErrorCode(error);
  switch (code) {
    case '28P01':
      return `${where}: password authentication failed (check the user and password in the URL)`;
    case '28000':
      return `${where}: the server refused this user (pg_hba.conf)`;
    case '3D000':
      return `${where}: the database does not exist`;
    case 'ECONNREFUSED':
      return `${where}: connection refused (is Postgres running and listening there?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where}: the host name cannot be resolved`;
    default: {
      const raw = error instanceof Error ? error.message : String(error);
      return `${where}: ${raw}${code ? ` (${code})` : ''}`;
    }
  }
}

/**
 * Converts what node-postgres threw into a `DATABASE` {@link ConnectorError}, keeping the original as
 * `cause`; retryable when trying again may work (see TRANSIENT_STATES). ConnectorErrors pass through.
 */
export function toDatabaseError(error: unknown, operation: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const code = pgErrorCode(error);
  const raw = error instanceof Error ? error.message : String(error);
  const retryable = code === undefined ? isConnectionFailure(error) : TRANSIENT_STATES.test(code) || NETWORK_CODES.has(code);
  return new ConnectorError('DATABASE', `Postgres store: ${operation} failed${code ? ` (${code})` : ''}: ${raw}`, { cause: error, retryable });
}
