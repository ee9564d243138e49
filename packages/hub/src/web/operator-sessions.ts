import { createHash, randomBytes } from 'node:crypto';
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
  /** Sessions kept at most; the oldest are dropped first (default 1,000). */
  maxSessions?: number;
  /** The clock, epoch ms (tests). */
  now?: () => number;
}

interface Session {
  principal: OperatorPrincipal;
  createdAt: number;
  usedAt: number;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The value of one cookie of a Cookie header. */
export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
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
  private readonly sessions = new Map<string, Session>();
  private readonly idleMs: number;
  private readonly maxAgeMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(options: OperatorSessionOptions = {}) {
    this.idleMs = options.idleMs ?? 8 * 3600_000;
    this.maxAgeMs = options.maxAgeMs ?? 24 * 3600_000;
    this.maxSessions = options.maxSessions ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** Starts a session for an operator whose credentials were checked; answers the cookie's token. */
  create(principal: OperatorPrincipal): string {
    this.sweep();
    while (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value as string);
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    this.sessions.set(digest(token), { principal, createdAt: now, usedAt: now });
    return token;
  }

  /** The operator of a live session token (and the session is touched), or undefined. */
  lookup(token: string | undefined): OperatorPrincipal | undefined {
    if (!token) return undefined;
    const key = digest(token);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    const now = this.now();
    if (now - session.usedAt > this.idleMs || now - session.createdAt > this.maxAgeMs) {
      this.sessions.delete(key);
      return undefined;
    }
    session.usedAt = now;
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

  private sweep(): void {
    const now = this.now();
    for (const [key, session] of this.sessions) {
      if (now - session.usedAt > this.idleMs || now - session.createdAt > this.maxAgeMs) this.sessions.delete(key);
    }
  }
}

/**
 * True for a request made by the log page's script. Its failed calls are answered without a
 * `WWW-Authenticate: Basic` challenge, which would make the browser pop up its own sign-in dialog.
 */
export function isPageRequest(headers: Headers): boolean {
  return header(headers, PAGE_HEADER) === '1';
}
