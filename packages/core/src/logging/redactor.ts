/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** Key names whose values are secrets wherever they appear (case-insensitive, `-`/`_` ignored). */
const SECRET_KEY_PATTERN =
  /^(password|passwd|pwd|secret|clientsecret|apikey|apitoken|accesstoken|refreshtoken|token|authorization|proxyauthorization|cookie|setcookie|xapikey|usertoken|sourcepassword|staffpassword|privatekey|key)$/;

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** True for a key whose value is always a secret (password, apiKey, Authorization, …). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(normaliseKey(key));
}

/**
 * Whether the word after "Bearer" / "Basic" is a credential rather than prose ("Basic Fitness"): tokens
 * and base64 carry digits, padding or punctuation, or mixed case past the first letter.
 */
function looksLikeCredential(token: string): boolean {
  if (token.length < 6) return false;
  return /[0-9=+/._~-]/.test(token) || (/[a-z]/.test(token) && /[A-Z]/.test(token.slice(1))) || token.length >= 24;
}

/** Text that may hold a credential in a URL (`//user:pass@`) or after Bearer / Basic. */
const CREDENTIAL_HINT = /\/\/|bearer|basic/i;

/**
 * Removes secrets from anything about to be logged, stored in the Connector Log or answered: values of
 * secret keys, every known secret value (the secret options of every turn-up) wherever it appears in a
 * string, and credentials in URLs and Authorization-like headers.
 */
export class Redactor {
  private readonly values = new Set<string>();
  private readonly extraKeys = new Set<string>();
  /** Whether a key is secret, by key as written: the same few keys come back in every log entry. */
  private readonly secretKeys = new Map<string, boolean>();
  private pattern?: RegExp;

  /** Adds secret values (e.g. a turn-up's API key) to redact wherever they appear. */
  addSecretValues(values: Iterable<unknown>): void {
    for (const value of values) {
      if (typeof value === 'string' && value.length >= 3) this.values.add(value);
      else if (typeof value === 'number') this.values.add(String(value));
    }
    this.pattern = undefined;
  }

  /** Adds key names (as plugin option names) whose values are always redacted. */
  addSecretKeys(keys: Iterable<string>): void {
    for (const key of keys) this.extraKeys.add(normaliseKey(key.split('.').pop() ?? key));
    this.secretKeys.clear();
  }

  private isSecret(key: string): boolean {
    let secret = this.secretKeys.get(key);
    if (secret === undefined) {
      secret = isSecretKey(key) || this.extraKeys.has(normaliseKey(key));
      // Keys come from code and platforms' field names, but bound the memo all the same.
      if (this.secretKeys.size >= 10_000) this.secretKeys.clear();
      this.secretKeys.set(key, secret);
    }
    return secret;
  }

  /** Redacts a string: known secret values, basic-auth in URLs, bearer tokens. */
  redactString(text: string): string {
    let out = text;
    if (this.values.size > 0) {
      this.pattern ??= new RegExp(
        [...this.values]
          .sort((a, b) => b.length - a.length)
          .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('|'),
        'g',
      );
      out = out.replace(this.pattern, REDACTED);
    }
    // Most text has neither a URL with credentials nor an Authorization-like scheme: skip those passes.
    if (!CREDENTIAL_HINT.test(out)) return out;
    return out
      .replace(/(\/\/[^/\s:@]+:)[^@\s/]+@/g, `$1${REDACTED}@`)
      .replace(/\b(Bearer|Basic)\s+([A-Za-z0-9._~+/=-]+)/gi, (whole, scheme: string, token: string) =>
        looksLikeCredential(token) ? `${scheme} ${REDACTED}` : whole,
      );
  }

  /** Deep-copies `value` with every secret removed. Cycles are cut. */
  redact<T>(value: T): T {
    return this.walk(value, new WeakSet()) as T;
  }

  private walk(value: unknown, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return this.redactString(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    if (value instanceof Error) {
      return { name: value.name, message: this.redactString(value.message), ...(this.walk({ ...value }, seen) as object) };
    }
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map((item) => this.walk(item, seen));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = this.isSecret(key) && item !== undefined && item !== null && item !== '' ? REDACTED : this.walk(item, seen);
    }
    return out;
  }
}
