import axios, { type AxiosInstance } from 'axios';
import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AuthenticationError,
  type ConnectorError,
  NetworkError,
  PlatformRejectedError,
  PlatformUnavailableError,
  RateLimitedError,
  TimeoutError,
} from '../errors/connector-error';
import { RateLimiter } from './rate-limiter';
import type { CallSpender } from './call-budget';
import type { CallPacer } from './shared-rate-limiter';

/**
 * How failed calls are tried again: within one call by the transports (short waits, a few retries) and
 * across attempts by the delivery engine's queue (long waits, many attempts), with the same backoff.
 */
export interface RetryPolicy {
  /** Retries after the first attempt (default 2). */
  maxRetries: number;
  /** First backoff (default 200 ms); doubles each retry, with jitter. */
  baseDelayMs: number;
  /** Longest backoff, and longest Retry-After honoured (default 30 s). */
  maxDelayMs: number;
  /**
   * Longest time one call may take, waits included (default: no limit). A retry whose wait would end
   * later is not made: the failure goes up, and the delivery engine's queue tries again later instead of
   * a worker's slot waiting.
   */
  maxElapsedMs?: number;
}

/** The defaults of {@link RetryPolicy} for calls to a platform. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 2, baseDelayMs: 200, maxDelayMs: 30_000 };

/**
 * The wait before retry number `retry` (1-based): exponential backoff with jitter (between half and all
 * of `baseDelayMs × 2^(retry-1)`, capped at `maxDelayMs`), and never shorter than the platform's
 * Retry-After (itself capped at `maxDelayMs`, so a platform cannot park a call for an hour).
 */
export function backoffDelay(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, retry: number, error?: ConnectorError, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = ceiling / 2 + (random() * ceiling) / 2;
  return Math.round(Math.max(jittered, Math.min(error?.retryAfterMs ?? 0, policy.maxDelayMs)));
}

/** Reads a Retry-After header (seconds or an HTTP date) as milliseconds. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * A transient failure after which the platform surely did nothing (it asked us to slow down, said it is
 * unavailable, or refused the connection), so even a create may be repeated without making a duplicate.
 */
export function surelyNotProcessed(error: ConnectorError): boolean {
  if (error.code === 'RATE_LIMITED') return true;
  if (error.status === 503) return true;
  return error.code === 'NETWORK' && /ECONNREFUSED/.test(error.message);
}

/**
 * Whether a call that failed with `error` may be made again at once. A call that is not idempotent is
 * repeated only when the platform surely did not act; after an unknown outcome it goes up to the delivery
 * engine, which looks the record up before creating it again.
 */
export function mayRepeat(error: ConnectorError, idempotent: boolean): boolean {
  return error.retryable && (idempotent || surelyNotProcessed(error));
}

/**
 * The taxonomy error for an HTTP error status, the same for REST and SOAP: 401/403 are the credentials,
 * 429 and 5xx the platform's state (retried), 408 a timeout, any other 4xx the platform refusing the call.
 * `where` names the call, `message` is the platform's own words (secrets already removed).
 */
export function errorForStatus(status: number, where: string, message: string, options: { pluginId: string; retryAfterMs?: number }): ConnectorError {
  const { pluginId, retryAfterMs } = options;
  if (status === 401 || status === 403) return new AuthenticationError(`${where} was refused (${status}): ${message}`, { pluginId, status });
  if (status === 429) return new RateLimitedError(`${where} was rate limited (429): ${message}`, { pluginId, status, retryAfterMs });
  if (status >= 500) return new PlatformUnavailableError(`${where} failed on the platform (${status}): ${message}`, { pluginId, status, retryAfterMs });
  if (status === 408) return new TimeoutError(`${where} timed out on the platform (408): ${message}`, { pluginId, status });
  return new PlatformRejectedError(`${where} was rejected (${status}): ${message}`, { pluginId, status });
}

/** The taxonomy error for a call that got no answer: a timeout, else a network failure named by its code. */
export function errorForNoAnswer(where: string, code: string, message: string, pluginId: string): ConnectorError {
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) return new TimeoutError(`${where} timed out`, { pluginId });
  return new NetworkError(`${where} could not reach the platform (${code || message})`, { pluginId });
}

/** An HTTP client for one turned-up client's platform, with kept-alive connections. */
export interface PlatformHttp {
  readonly axios: AxiosInstance;
  /** Closes the kept-alive connections (the runtime's shutdown; tests). */
  close(): void;
}

/**
 * The HTTP client both transports call through: kept-alive connections (a TLS handshake per call would
 * cost more than most calls), a per-call timeout (default 15 s), no redirects and no proxy picked from
 * the environment, so calls go exactly where the turn-up says.
 */
export function createPlatformHttp(options: { baseURL?: string; timeoutMs?: number } = {}): PlatformHttp {
  const agentOptions = { keepAlive: true, maxSockets: 64 };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const instance = axios.create({
    baseURL: options.baseURL,
    timeout: options.timeoutMs ?? 15_000,
    httpAgent: agents.http,
    httpsAgent: agents.https,
    maxRedirects: 0,
    proxy: false,
    validateStatus: (status) => status >= 200 && status < 300,
  });
  return {
    axios: instance,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** The time source of the policy's waits: the system's, or a fake one in tests (no real waiting). */
export interface CallClock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<unknown>;
}

/** The system clock: `performance.now()` and `timers/promises`. */
export const systemCallClock: CallClock = { now: () => performance.now(), sleep: (ms) => sleep(ms) };

/**
 * How a transport makes the calls of type `C` that the {@link CallPolicy} runs: made once per transport,
 * so a call costs the policy no allocation of its own (the transports are on the delivery's hot path).
 */
export interface CallAdapter<C, T> {
  /** Makes one attempt of `call`. */
  attempt(call: C): Promise<T>;
  /** Converts what an attempt threw into the taxonomy: the transport's boundary (axios, node-soap). */
  toError(raw: unknown, call: C): ConnectorError;
  /** Told of each failed attempt and whether it will be retried (the transports' debug lines). */
  failed?(error: ConnectorError, willRetry: boolean, call: C): void;
}

/** Settings of a {@link CallPolicy}. */
export interface CallPolicyOptions {
  retry?: Partial<RetryPolicy>;
  /** Calls per second to the platform, shared by every call through this policy (default: unlimited). */
  rateLimitPerSecond?: number;
  /** Paces the calls instead of a limiter of this process (a grid shared by hubs); wins over `rateLimitPerSecond`. */
  pacer?: CallPacer;
  /** The turn-up's call budget: each attempt spends one call before it goes out (none when absent). */
  budget?: CallSpender;
  clock?: CallClock;
}

/**
 * The one call policy of both transports, one per turned-up client and platform: one call of the budget
 * spent before each attempt (a spent budget throws BudgetSpentError and nothing goes out), pacing at the rate limit
 * (paced, not bounced), then retries of transient failures with {@link backoffDelay}, within
 * `maxRetries` and `maxElapsedMs`, as {@link mayRepeat} allows. Plugins never retry or sleep themselves.
 */
export class CallPolicy {
  readonly retry: RetryPolicy;
  private readonly limiter?: CallPacer;
  private readonly budget?: CallSpender;
  private readonly clock: CallClock;

  constructor(options: CallPolicyOptions = {}) {
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.limiter = options.pacer ?? (options.rateLimitPerSecond ? new RateLimiter(options.rateLimitPerSecond) : undefined);
    this.budget = options.budget;
    this.clock = options.clock ?? systemCallClock;
  }

  /**
   * Makes `call` through `adapter`, retrying as the policy allows; throws the last failure, in the
   * taxonomy. `idempotent`: whether the call may be repeated after an unknown outcome (reads, PUT, DELETE).
   */
  async run<C, T>(adapter: CallAdapter<C, T>, call: C, idempotent: boolean): Promise<T> {
    const started = this.retry.maxElapsedMs === undefined ? 0 : this.clock.now();
    for (let retry = 0; ; retry++) {
      // Outside the try: a spent budget is not a failed attempt to retry, it goes up at once.
      if (this.budget) await this.budget.spend();
      if (this.limiter) await this.limiter.acquire();
      try {
        return await adapter.attempt(call);
      } catch (raw) {
        const error = adapter.toError(raw, call);
        const wait = this.waitBeforeRetry(error, idempotent, retry + 1, started);
        adapter.failed?.(error, wait !== undefined, call);
        if (wait === undefined) throw error;
        await this.clock.sleep(wait);
      }
    }
  }

  /** The wait before retry number `retry`, or undefined when the call must not be made again. */
  private waitBeforeRetry(error: ConnectorError, idempotent: boolean, retry: number, started: number): number | undefined {
    if (retry > this.retry.maxRetries || !mayRepeat(error, idempotent)) return undefined;
    const wait = backoffDelay(this.retry, retry, error);
    const maxElapsed = this.retry.maxElapsedMs;
    if (maxElapsed !== undefined && this.clock.now() - started + wait > maxElapsed) return undefined;
    return wait;
  }
}
