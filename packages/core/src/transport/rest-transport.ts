import { AxiosError, type AxiosResponse } from 'axios';
import { ConnectorError, NotFoundError } from '../errors/connector-error';
import type { Connection } from '../model/client';
import type { Logger } from '../logging/logger';
import type { CallSpender } from './call-budget';
import type { CallPacer } from './shared-rate-limiter';
import {
  CallPolicy,
  createPlatformHttp,
  errorForNoAnswer,
  errorForStatus,
  parseRetryAfter,
  type CallAdapter,
  type CallClock,
  type PlatformHttp,
  type RetryPolicy,
} from './call-policy';

/** One HTTP call through the transport. */
export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the connection's base URL (scheme://host:port/path). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * Whether the call may be repeated safely after an unknown outcome (a timeout, a dropped connection,
   * a 5xx). Defaults to true for GET/PUT/DELETE, false for POST/PATCH: a non-idempotent call is retried
   * here only when the platform surely did not act (429, 503, connection refused); anything else goes
   * up to the delivery engine, which looks the record up before creating again.
   */
  idempotent?: boolean;
}

/** The answer of a successful call. */
export interface RestResponse<T = unknown> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

/** Settings of one transport (one per turned-up client and platform). */
export interface RestTransportOptions {
  pluginId: string;
  connection: Connection;
  timeoutMs?: number;
  rateLimitPerSecond?: number;
  /** Paces the calls on a grid shared by hubs instead (see {@link CallPolicyOptions.pacer}). */
  pacer?: CallPacer;
  /** The turn-up's call budget, spent before each call (see {@link CallPolicyOptions.budget}). */
  budget?: CallSpender;
  retry?: Partial<RetryPolicy>;
  /** Sent with every call (e.g. an API key header): values are redacted from logs. */
  headers?: Record<string, string>;
  logger?: Logger;
  /** The clock of the retry waits (tests give a fake one). */
  clock?: CallClock;
}

/** The base URL of a connection: scheme://host[:port][/path], without a trailing slash. */
export function connectionBaseUrl(connection: Connection): string {
  const port = connection.port ? `:${connection.port}` : '';
  const path = connection.path ? `/${connection.path.replace(/^\/+|\/+$/g, '')}` : '';
  return `${connection.scheme}://${connection.host}${port}${path}`;
}

/** Picks a human message out of a platform's error body. */
function platformMessage(data: unknown): string | undefined {
  if (typeof data === 'string') return data.slice(0, 500) || undefined;
  if (data && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    const nested = record.Error && typeof record.Error === 'object' ? (record.Error as Record<string, unknown>) : undefined;
    for (const candidate of [record.message, record.Message, record.error, nested?.Message, record.detail]) {
      if (typeof candidate === 'string' && candidate) return candidate;
    }
    return JSON.stringify(data).slice(0, 500);
  }
  return undefined;
}

/**
 * Converts an axios failure into the error taxonomy, so nothing above a transport sees axios types.
 */
export function toTransportError(error: unknown, pluginId: string, request: RestRequest): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const where = `${request.method} ${request.path}`;
  if (error instanceof AxiosError) {
    const response = error.response;
    if (response) {
      const status = response.status;
      const message = platformMessage(response.data) ?? response.statusText ?? 'no message';
      if (status === 404) return new NotFoundError(`${where} found nothing (404): ${message}`, { pluginId, status });
      return errorForStatus(status, where, message, { pluginId, retryAfterMs: parseRetryAfter(response.headers['retry-after']) });
    }
    return errorForNoAnswer(where, error.code ?? '', error.message, pluginId);
  }
  return new ConnectorError('UNKNOWN', `${where} failed: ${error instanceof Error ? error.message : String(error)}`, { pluginId });
}

/**
 * The REST transport plugins use to call their platform: base URL from the turn-up connection, axios
 * calls and failures adapted to the {@link CallPolicy} (timeouts, the per-platform rate limit, retries with
 * backoff for network errors, 5xx and 429, Retry-After honoured) and errors mapped to the taxonomy.
 * Plugins never retry or sleep themselves.
 */
export class RestTransport {
  readonly baseUrl: string;
  private readonly http: PlatformHttp;
  private readonly policy: CallPolicy;
  private readonly pluginId: string;
  private readonly logger?: Logger;
  private readonly defaultHeaders: Record<string, string>;
  private readonly calls: CallAdapter<RestRequest, RestResponse>;

  constructor(options: RestTransportOptions) {
    this.pluginId = options.pluginId;
    this.baseUrl = connectionBaseUrl(options.connection);
    this.policy = new CallPolicy(options);
    this.logger = options.logger;
    this.defaultHeaders = { ...options.headers };
    this.http = createPlatformHttp({ baseURL: this.baseUrl, timeoutMs: options.timeoutMs });
    this.calls = {
      attempt: (request) => this.send(request),
      toError: (raw, request) => toTransportError(raw, this.pluginId, request),
      failed: (error, willRetry, request) =>
        this.logger?.debug('platform call failed', {
          plugin: this.pluginId,
          method: request.method,
          path: request.path,
          code: error.code,
          status: error.status,
          willRetry,
        }),
    };
  }

  /** Makes one call, with the transport's rate limit and retry policy. */
  request<T = unknown>(request: RestRequest): Promise<RestResponse<T>> {
    const idempotent = request.idempotent ?? (request.method === 'GET' || request.method === 'PUT' || request.method === 'DELETE');
    return this.policy.run(this.calls, request, idempotent) as Promise<RestResponse<T>>;
  }

  /** Closes the kept-alive connections (the runtime's shutdown; tests). */
  close(): void {
    this.http.close();
  }

  private async send(request: RestRequest): Promise<RestResponse> {
    const started = performance.now();
    const response: AxiosResponse = await this.http.axios.request({
      method: request.method,
      url: request.path,
      params: request.query,
      data: request.body,
      headers: { ...this.defaultHeaders, ...request.headers },
    });
    this.logger?.debug('platform call', {
      plugin: this.pluginId,
      method: request.method,
      path: request.path,
      status: response.status,
      ms: Math.round(performance.now() - started),
    });
    return { status: response.status, data: response.data, headers: flattenHeaders(response.headers) };
  }

  get<T = unknown>(path: string, query?: RestRequest['query'], headers?: Record<string, string>): Promise<RestResponse<T>> {
    return this.request<T>({ method: 'GET', path, query, headers });
  }
  post<T = unknown>(path: string, body?: unknown, options: Partial<RestRequest> = {}): Promise<RestResponse<T>> {
    return this.request<T>({ ...options, method: 'POST', path, body });
  }
  put<T = unknown>(path: string, body?: unknown, options: Partial<RestRequest> = {}): Promise<RestResponse<T>> {
    return this.request<T>({ ...options, method: 'PUT', path, body });
  }
  patch<T = unknown>(path: string, body?: unknown, options: Partial<RestRequest> = {}): Promise<RestResponse<T>> {
    return this.request<T>({ ...options, method: 'PATCH', path, body });
  }
  delete<T = unknown>(path: string, options: Partial<RestRequest> = {}): Promise<RestResponse<T>> {
    return this.request<T>({ ...options, method: 'DELETE', path });
  }
}

function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && value !== null) out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
