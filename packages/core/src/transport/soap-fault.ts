import { ConfigurationError, ConnectorError, PlatformRejectedError, PlatformUnavailableError } from '../errors/connector-error';
import { errorForNoAnswer, errorForStatus, parseRetryAfter } from './call-policy';

/** The parts of a `soap` (node-soap) or axios failure the mapping reads; nothing of it leaves this file. */
interface SoapFailure {
  message?: string;
  code?: string;
  isAxiosError?: boolean;
  root?: { Envelope?: { Body?: { Fault?: unknown } } };
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
  body?: unknown;
}

/** A SOAP fault as the platform sent it (1.1 or 1.2). */
export interface SoapFaultInfo {
  /** The local part of the fault code: `Client`, `Server`, `Sender`, `Receiver`, … */
  code: string;
  /** The platform's human message (faultstring / Reason). */
  message: string;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.$value === 'string') return record.$value;
    if (record.Value !== undefined) return text(record.Value);
    if (record.Text !== undefined) return text(record.Text);
  }
  return undefined;
}

/** Reads the fault out of a node-soap failure, if the platform answered with one. */
export function soapFaultOf(error: unknown): SoapFaultInfo | undefined {
  const fault = (error as SoapFailure | undefined)?.root?.Envelope?.Body?.Fault as Record<string, unknown> | undefined;
  if (!fault || typeof fault !== 'object') return undefined;
  const rawCode = text(fault.faultcode) ?? text(fault.Code) ?? '';
  const message = text(fault.faultstring) ?? text(fault.Reason) ?? 'no message';
  return { code: rawCode.split(':').pop() ?? rawCode, message };
}

/**
 * Converts whatever the `soap` package or its HTTP client threw into the error taxonomy, so nothing above
 * the transport sees soap or axios types. A fault's code decides over the HTTP status (ASP.NET services
 * answer every fault with 500): client faults are the platform refusing the content (not retried), server
 * faults are the platform failing (retried). `clean` removes secrets from the platform's words.
 */
export function toSoapTransportError(
  error: unknown,
  pluginId: string,
  operation: string,
  clean: (message: string) => string = (message) => message,
): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const failure = (error ?? {}) as SoapFailure;
  const where = `SOAP ${operation}`;
  const status = typeof failure.response?.status === 'number' ? failure.response.status : undefined;
  const retryAfterMs = parseRetryAfter(failure.response?.headers?.['retry-after']);
  const fault = soapFaultOf(error);
  const options = { pluginId, status, cause: undefined };

  if (status === 401 || status === 403) {
    const detail = fault?.message ?? bodyText(failure) ?? 'no message';
    return errorForStatus(status, where, clean(detail), { pluginId });
  }
  if (fault) {
    const message = clean(fault.message);
    if (/^(Client|Sender)/i.test(fault.code)) {
      return new PlatformRejectedError(`${where} was rejected by the platform (client fault): ${message}`, options);
    }
    return new PlatformUnavailableError(`${where} failed on the platform (${fault.code || 'server'} fault${status ? `, ${status}` : ''}): ${message}`, {
      ...options,
      retryAfterMs,
    });
  }
  if (status !== undefined && status >= 400) {
    return errorForStatus(status, where, clean(bodyText(failure) ?? 'no message'), { pluginId, retryAfterMs });
  }
  if (failure.response) {
    // An answer came but it is no SOAP envelope (a proxy's page, a truncated body): the platform side is
    // not working as it should, so it is worth another try.
    return new PlatformUnavailableError(`${where} answered with something that is not a SOAP response: ${clean(failure.message ?? '')}`, options);
  }
  const code = failure.code ?? '';
  if (failure.isAxiosError || code) {
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      return new ConfigurationError(`${where}: the WSDL could not be read (${code})`, { pluginId });
    }
    return errorForNoAnswer(where, code, clean(failure.message ?? 'no message'), pluginId);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectorError('UNKNOWN', `${where} failed: ${clean(message)}`, { pluginId });
}

function bodyText(failure: SoapFailure): string | undefined {
  const data = failure.response?.data ?? failure.body;
  if (typeof data !== 'string') return undefined;
  const stripped = data
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return stripped.slice(0, 300) || undefined;
}
