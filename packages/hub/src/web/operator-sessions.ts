import { createHash, randomBytes } from 'node:crypto';
import { fastifyCookie } from '@fastify/cookie';
import { LRUCache } from 'lru-cache';
import type { Audience, OperatorPrincipal } from '../auth/authenticator';

/** The cookie that carries an operator's session of the Connector Log page. */
export const SESSION_COOKIE = 'connector_log_session';

/**
 * The header the page sends with every API call. A cookie alone is never enough: a page on another
 * origin cannot send a custom header without a CORS preflight the hub never grants, so a session can
 * only be used by the log page itself (SameSite=Strict already keeps other sites out; this keeps out
 * other origins of the same site, such as another port on the same host).
 */
export const PAGE_HEADER = 'x-connector-log';

/** Settings of {@link OperatorSessions}. */
export interface OperatorSessionOptions {
  /** A session unused for this long ends (default 8 h). */
  idleMs?: number;
  /** A session ends this long after sign-in, used or not (default 24 h). */
  maxAgeMs?: number;
  /** Sessions kept at most; the least recently used are dropped first (default 1,000). */
  maxSessions?: number;
  /** The clock, epoch ms (tests). */
  now?: () => number;
}

interface Session {
  principal: OperatorPrincipal;
  createdAt: number;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The value of one cookie of a Cookie header. The hub's own authentication reads it for every route
 * (the JSON API accepts the page's session), before any route's cookie parsing would run.
 */
export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  return fastifyCookie.parse(cookieHeader)[name];
}

function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Sign-ins of operators to the Connector Log page, in memory: a restart signs everyone out. The
 * browser holds a random token in an HttpOnly cookie (script on the page cannot read it); the hub keeps
 * only the token's SHA-256 and the operator it stands for.
 */
export class OperatorSessions {
  // Keyed by the token's SHA-256; the TTL is the idle time, renewed by each use.
  private readonly sessions: LRUCache<string, Session>;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(options: OperatorSessionOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 24 * 3600_000;
    const now = options.now ?? Date.now;
    this.now = now;
    this.sessions = new LRUCache<string, Session>({
      max: options.maxSessions ?? 1000,
      ttl: options.idleMs ?? 8 * 3600_000,
      updateAgeOnGet: true,
      // lru-cache reads a start time of 0 as "no TTL"; a clock may start at 0 (tests), so it is read
      // 1 ms later, and at every check (ttlResolution 0), as a test clock moves by jumps.
      perf: { now: () => now() + 1 },
      ttlResolution: 0,
    });
  }

  /** Starts a session for an operator whose credentials were checked; answers the cookie's token. */
  create(principal: OperatorPrincipal): string {
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(digest(token), { principal, createdAt: this.now() });
    return token;
  }

  /** The operator of a live session token (and the session is touched), or undefined. */
  lookup(token: string | undefined): OperatorPrincipal | undefined {
    if (!token) return undefined;
    const key = digest(token);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    if (this.now() - session.createdAt > this.maxAgeMs) {
      this.sessions.delete(key);
      return undefined;
    }
    return session.principal;
  }

  /** Ends a session (sign-out). */
  end(token: string | undefined): void {
    if (token) this.sessions.delete(digest(token));
  }

  /**
   * The operator of a request made by the log page: no Authorization or X-Api-Key header (explicit
   * credentials always win), the page header, and a live session cookie. Undefined otherwise, and
   * always for provider-only endpoints, so the usual credential check answers.
   */
  authenticate(headers: Headers, audience: Audience): OperatorPrincipal | undefined {
    if (audience === 'provider') return undefined;
    if (header(headers, 'authorization') || header(headers, 'x-api-key')) return undefined;
    if (!isPageRequest(headers)) return undefined;
    return this.lookup(cookieValue(header(headers, 'cookie'), SESSION_COOKIE));
  }
}

/**
 * True for a request made by the log page's script. Its failed calls are answered without a
 * `WWW-Authenticate: Basic` challenge, which would make the browser pop up its own sign-in dialog.
 */
export function isPageRequest(headers: Headers): boolean {
  return header(headers, PAGE_HEADER) === '1';
}
