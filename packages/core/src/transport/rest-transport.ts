import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import http from 'node:http';
import https from 'node:https';
import {
  AuthenticationError,
  ConnectorError,
  NetworkError,
  NotFoundError,
  PlatformRejectedError,
  PlatformUnavailableError,
  RateLimitedError,
  TimeoutError,
} from '../errors/connector-error';
import type { Connection } from '../model/client';
import type { Logger } from '../logging/logger';
import { RateLimiter } from './rate-limiter';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, sleep, type RetryPolicy } from './retry-policy';

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
  retry?: Partial<RetryPolicy>;
  /** Sent with every call (e.g. an API key header): values are redacted from logs. */
  headers?: Record<string, string>;
  logger?: Logger;
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
      const options = { pluginId, status, cause: undefined };
      if (status === 401 || status === 403) return new AuthenticationError(`${where} was refused (${status}): ${message}`, options);
      if (status === 429) {
        return new RateLimitedError(`${where} was rate limited (429): ${message}`, {
          ...options,
          retryAfterMs: parseRetryAfter(response.headers['retry-after']),
        });
      }
      if (status >= 500) {
        return new PlatformUnavailableError(`${where} failed on the platform (${status}): ${message}`, {
          ...options,
          retryAfterMs: parseRetryAfter(response.headers['retry-after']),
        });
      }
      if (status === 404) return new NotFoundError(`${where} found nothing (404): ${message}`, options);
      if (status === 408) return new TimeoutError(`${where} timed out on the platform (408): ${message}`, options);
      return new PlatformRejectedError(`${where} was rejected (${status}): ${message}`, options);
    }
    const code = error.code ?? '';
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(error.message)) {
      return new TimeoutError(`${where} timed out`, { pluginId });
    }
    return new NetworkError(`${where} could not reach the platform (${code || error.message})`, { pluginId });
  }
  return new ConnectorError('UNKNOWN', `${where} failed: ${error instanceof Error ? error.message : String(error)}`, { pluginId });
}

function surelyNotProcessed(error: ConnectorError): boolean {
  if (error.code === 'RATE_LIMITED') return true;
  if (error.status === 503) return true;
  return error.code === 'NETWORK' && /ECONNREFUSED/.test(error.message);
}

/**
 * The REST transport plugins use to call their platform: base URL from the turn-up connection,
 * timeouts, a per-platform rate limit (paced, not bounced), retries with exponential backoff and jitter
 * for network errors, 5xx and 429 (Retry-After honoured, capped), and errors mapped to the taxonomy.
 * Plugins never retry or sleep themselves.
 */
export class RestTransport {
  readonly baseUrl: string;
  private readonly http: AxiosInstance;
  private readonly limiter?: RateLimiter;
  private readonly policy: RetryPolicy;
  private readonly pluginId: string;
  private readonly logger?: Logger;
  private readonly defaultHeaders: Record<string, string>;

  constructor(options: RestTransportOptions) {
    this.pluginId = options.pluginId;
    this.baseUrl = connectionBaseUrl(options.connection);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.logger = options.logger;
    this.defaultHeaders = { ...options.headers };
    this.limiter = options.rateLimitPerSecond ? new RateLimiter(options.rateLimitPerSecond) : undefined;
    const agentOptions = { keepAlive: true, maxSockets: 64 };
    this.http = axios.create({
      baseURL: this.baseUrl,
      timeout: options.timeoutMs ?? 15_000,
      httpAgent: new http.Agent(agentOptions),
      httpsAgent: new https.Agent(agentOptions),
      maxRedirects: 0,
      // Never let axios pick a proxy from the environment: calls go where the turn-up says.
      proxy: false,
      validateStatus: (status) => status >= 200 && status < 300,
    });
  }

  /** Makes one call, with the transport's rate limit and retry policy. */
  async request<T = unknown>(request: RestRequest): Promise<RestResponse<T>> {
    const idempotent = request.idempotent ?? ['GET', 'PUT', 'DELETE'].includes(request.method);
    for (let attempt = 0; ; attempt++) {
      if (this.limiter) await this.limiter.acquire();
      const started = performance.now();
      try {
        const response: AxiosResponse<T> = await this.http.request<T>({
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
      } catch (raw) {
        const error = toTransportError(raw, this.pluginId, request);
        const mayRetry = error.retryable && (idempotent || surelyNotProcessed(error)) && attempt < this.policy.maxRetries;
        this.logger?.debug('platform call failed', {
          plugin: this.pluginId,
          method: request.method,
          path: request.path,
          code: error.code,
          status: error.status,
          willRetry: mayRetry,
        });
        if (!mayRetry) throw error;
        await sleep(backoffDelay(this.policy, attempt + 1, error));
      }
    }
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
