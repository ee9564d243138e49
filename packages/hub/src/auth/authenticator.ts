import { timingSafeEqual } from 'node:crypto';
import { AuthenticationError, mayWrite } from '@connector/core';
import { sha256, type ClientScope, type OperatorCredential, type ProviderCredential } from '../config/load-config';
import { ForbiddenError } from '../errors/hub-errors';

/** A provider, authenticated by its API key: it writes (and reads) its clients' records. */
export interface ProviderPrincipal {
  kind: 'provider';
  /** The provider identifier, upper case. */
  id: string;
  clients: ClientScope;
}

/** An operator, authenticated by HTTP Basic: reads the Connector Log and replays dead letters of its clients. */
export interface OperatorPrincipal {
  kind: 'operator';
  name: string;
  clients: ClientScope;
}

/** Who is calling. */
export type Principal = ProviderPrincipal | OperatorPrincipal;

/** What an endpoint accepts. */
export type Audience = 'provider' | 'operator' | 'any';

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** True when a caller may use this client. */
export function canUseClient(principal: Principal, clientId: string): boolean {
  return mayWrite(principal, clientId);
}

/** Who the principal is, for log lines (never a secret). */
export function describePrincipal(principal: Principal | undefined): string | undefined {
  if (!principal) return undefined;
  return principal.kind === 'provider' ? `provider ${principal.id}` : `operator ${principal.name}`;
}

/** At most this many verified API keys are remembered (a hub has a handful of providers). */
const VERIFIED_KEYS_KEPT = 64;

/**
 * Checks credentials. Only SHA-256 digests are held; a presented secret is hashed and compared with
 * every credential in constant time (no early exit), so timing says nothing about which one matched
 * or how close a guess was.
 */
export class Authenticator {
  /**
   * Keys verified recently → their principal, so a provider's steady traffic skips the SHA-256 and the
   * comparisons. Only keys that matched are kept: a wrong key always takes the full constant-time path.
   * Bounded (cleared when full) so random keys cannot grow it; it holds keys in the clear, as the
   * requests themselves do, and never outlives the process.
   */
  private readonly verified = new Map<string, ProviderPrincipal>();

  constructor(
    private readonly providers: readonly ProviderCredential[],
    private readonly operators: readonly OperatorCredential[],
  ) {}

  /**
   * The caller of a request: `Authorization: Bearer <key>` or `X-Api-Key: <key>` for providers,
   * `Authorization: Basic <name:password>` for operators.
   *
   * @throws AuthenticationError without credentials or with wrong ones; ForbiddenError when the kind of
   * caller is not one the endpoint serves.
   */
  authenticate(headers: Headers, audience: Audience): Principal {
    const authorization = header(headers, 'authorization');
    const apiKey = header(headers, 'x-api-key');
    let principal: Principal | undefined;
    if (authorization) {
      const space = authorization.indexOf(' ');
      const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase();
      const value = space < 0 ? '' : authorization.slice(space + 1).trim();
      if (scheme === 'bearer') principal = this.provider(value);
      else if (scheme === 'basic') principal = this.operator(value);
      else throw new AuthenticationError('the Authorization scheme must be Bearer (an API key) or Basic (an operator)');
    } else if (apiKey) {
      principal = this.provider(apiKey.trim());
    } else {
      throw new AuthenticationError(
        audience === 'operator'
          ? 'credentials are required: Authorization: Basic (operator name and password)'
          : 'an API key is required: Authorization: Bearer <key> or X-Api-Key: <key>',
      );
    }
    if (!principal)
      throw new AuthenticationError(
        authorization?.toLowerCase().startsWith('basic') ? 'the operator name or password is not valid' : 'the API key is not valid',
      );
    if (audience === 'provider' && principal.kind !== 'provider') {
      throw new ForbiddenError('operators read the Connector Log; saving records needs a provider API key');
    }
    if (audience === 'operator' && principal.kind !== 'operator') {
      throw new ForbiddenError('this action is for operators (HTTP Basic), not provider API keys');
    }
    return principal;
  }

  private provider(key: string): ProviderPrincipal | undefined {
    if (!key) return undefined;
    const cached = this.verified.get(key);
    if (cached) return cached;
    const digest = sha256(key);
    let found: ProviderCredential | undefined;
    for (const provider of this.providers) {
      if (timingSafeEqual(digest, provider.apiKeySha256) && !found) found = provider;
    }
    if (!found) return undefined;
    const principal: ProviderPrincipal = { kind: 'provider', id: found.id, clients: found.clients };
    if (this.verified.size >= VERIFIED_KEYS_KEPT) this.verified.clear();
    this.verified.set(key, principal);
    return principal;
  }

  private operator(encoded: string): OperatorPrincipal | undefined {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const name = sha256(decoded.slice(0, colon));
    const password = sha256(decoded.slice(colon + 1));
    let found: OperatorCredential | undefined;
    for (const operator of this.operators) {
      const nameOk = timingSafeEqual(name, sha256(operator.name));
      const passwordOk = timingSafeEqual(password, operator.passwordSha256);
      if (nameOk && passwordOk && !found) found = operator;
    }
    return found && { kind: 'operator', name: found.name, clients: found.clients };
  }
}
