import { AuthenticationError, ConnectorError, RestTransportToken, type RestTransport } from '@connector/core/plugin';
import { inject, injectable } from 'tsyringe';
import { MindbodyOptionsToken, type MindbodyOptions } from '../mindbody.options';
import type { MindbodyIssueRequest, MindbodyIssueResponse } from './mindbody-api.types';
import { siteHeaders } from './mindbody-headers';
import { MINDBODY_PATHS } from './mindbody-paths';

/**
 * A token is renewed this long before MINDBODY says it expires, so a call never leaves with a token that
 * expires on the way (tokens live 24 h, so this costs nothing).
 */
export const TOKEN_RENEWAL_MARGIN_MS = 60_000;

interface CachedToken {
  value: string;
  /** Epoch ms; Infinity when MINDBODY gave no readable expiry (then only a 401 renews it). */
  expiresAt: number;
}

/** Reads the swagger's "Token expiration in UTC"; a date-time without an offset is UTC too. */
export function parseTokenExpiry(expires: string | undefined): number {
  if (!expires) return Number.POSITIVE_INFINITY;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(expires.trim());
  const at = Date.parse(hasOffset ? expires : `${expires.trim()}Z`);
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
}

/**
 * The staff user token of one turned-up client, issued by `POST usertoken/issue` with the turn-up's staff
 * login and reused until it is about to expire or MINDBODY refuses it. This is authentication state, not
 * a data cache, which is why it lives in the plugin (one per child container). Concurrent callers share
 * one issue call. The token is never logged: it only ever travels in the Authorization header.
 */
@injectable()
export class StaffTokenCache {
  private current?: CachedToken;
  private pending?: Promise<CachedToken>;
  constructor(
    @inject(RestTransportToken) private readonly http: RestTransport,
    @inject(MindbodyOptionsToken) private readonly options: MindbodyOptions,
  ) {}

  /** A token valid for at least {@link TOKEN_RENEWAL_MARGIN_MS}: the cached one, or a new one. */
  async token(): Promise<string> {
    const current = this.current;
    if (current && current.expiresAt - TOKEN_RENEWAL_MARGIN_MS > Date.now()) return current.value;
    return (await this.issue()).value;
  }

  /** Issues a new token now, whatever is cached (`check` proves the staff login this way). */
  async renew(): Promise<string> {
    this.current = undefined;
    return (await this.issue()).value;
  }

  /**
   * Forgets `rejected` after MINDBODY answered 401 to it. A token issued meanwhile by a concurrent caller
   * is kept, so a burst of 401s costs one new token, not one each.
   */
  invalidate(rejected: string): void {
    if (this.current?.value === rejected) this.current = undefined;
  }

  private issue(): Promise<CachedToken> {
    this.pending ??= this.requestToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async requestToken(): Promise<CachedToken> {
    const body: MindbodyIssueRequest = { Username: this.options.staffUsername, Password: this.options.staffPassword };
    const response = await this.http.post<MindbodyIssueResponse>(MINDBODY_PATHS.issueToken, body, {
      headers: siteHeaders(this.options),
      // Issuing a second token is harmless, so a timed-out issue may be repeated by the transport.
      idempotent: true,
    });
    const value = response.data?.AccessToken;
    if (typeof value !== 'string' || value === '') {
      // The answer is not what MINDBODY sends when it accepts a login: treat it as a refusal, which a
      // person has to look into, rather than as a transient failure.
      throw new AuthenticationError(
        `POST ${MINDBODY_PATHS.issueToken} answered ${response.status} without an AccessToken: the staff login of site ${this.options.siteId} was not accepted`,
        { pluginId: 'mindbody', status: response.status },
      );
    }
    const token = { value, expiresAt: parseTokenExpiry(response.data.Expires) };
    this.current = token;
    return token;
  }
}

/** True for the answer MINDBODY gives a missing, expired or revoked staff token. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof ConnectorError && error.status === 401;
}
