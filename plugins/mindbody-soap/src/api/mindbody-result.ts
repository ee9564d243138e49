import { AuthenticationError, PlatformRejectedError, PlatformUnavailableError, type ConnectorError } from '@connector/core/plugin';
import { MINDBODY_SOAP_PLUGIN_ID } from '../mindbody-soap.constants';
import type { ArrayOfString, MindbodyClient, MindbodyResult } from './mindbody-soap.types';

/** The items of an ArrayOfString. */
export function strings(array: ArrayOfString | null | undefined): string[] {
  const value = array?.string;
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((s): s is string => typeof s === 'string');
}

/** One item or many, as node-soap parses a repeated element, as an array. */
export function items<T>(value: T | T[] | null | undefined): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The error for a MINDBODY answer whose Status is not Success. MINDBODY answers HTTP 200 with a Status:
 * InvalidCredentials means the turn-up is wrong (not retried); InvalidParameters and FailedAction mean
 * MINDBODY refused the content (dead letter, with its message); InternalException and Unknown are its own
 * failures (retried).
 */
export function statusError(operation: string, result: MindbodyResult | undefined, detail?: string): ConnectorError {
  const status = result?.Status ?? 'Unknown';
  const message = detail || result?.Message || 'no message';
  const text = `MINDBODY ${operation} answered ${status}${result?.ErrorCode !== undefined ? ` (${result.ErrorCode})` : ''}: ${message}`;
  const options = { pluginId: MINDBODY_SOAP_PLUGIN_ID };
  switch (status) {
    case 'InvalidCredentials':
      return new AuthenticationError(text, options);
    case 'InvalidParameters':
    case 'FailedAction':
      return new PlatformRejectedError(text, options);
    default:
      return new PlatformUnavailableError(text, options);
  }
}

/** Throws unless MINDBODY answered Success. */
export function assertSuccess(operation: string, result: MindbodyResult | undefined): void {
  if (result?.Status !== 'Success') throw statusError(operation, result);
}

/**
 * Reads AddOrUpdateClients' answer for the one client sent: its ID, or the error with MINDBODY's words. A
 * client whose Action is Failed is a failure even when the Status says otherwise.
 */
export function savedClientId(
  operation: string,
  result: (MindbodyResult & { Clients?: { Client?: MindbodyClient | MindbodyClient[] | null } }) | undefined,
): string {
  const client = items(result?.Clients?.Client)[0];
  const messages = strings(client?.Messages);
  if (result?.Status !== 'Success' || client?.Action === 'Failed') {
    const failed = result?.Status === 'Success' ? { ...result, Status: 'FailedAction' as const } : result;
    throw statusError(operation, failed, messages.join(' ') || undefined);
  }
  if (!client?.ID) throw new PlatformUnavailableError(`MINDBODY ${operation} answered Success without a client ID`, { pluginId: MINDBODY_SOAP_PLUGIN_ID });
  return String(client.ID);
}
