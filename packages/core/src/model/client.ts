import { z } from 'zod';

// Every level is strict: a misspelled field (`timezone:`, `platfroms:`) is refused, never dropped in
// silence, since dropping it would leave a club on UTC or a client turned up on nothing.

/** How the hub reaches a platform that is not SaaS: host or IP, scheme, port, path, credentials. */
export const connectionSchema = z.strictObject({
  scheme: z.enum(['http', 'https'], { error: 'must be http or https' }).default('https'),
  host: z.string({ error: 'is required' }).min(1, 'must not be empty'),
  port: z.number().int().min(1).max(65535).optional(),
  /** A path prefix on the host, e.g. `/api/v2`. */
  path: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
});
/** Connection information of a turn-up. `password` is always treated as a secret. */
export type Connection = z.infer<typeof connectionSchema>;

/** Whether the runtime knows the IANA time zone `name` (`America/New_York`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * A platform's call budget for one client: at most `perDay` calls in a day that begins at `resetsAt`
 * (24-hour `HH:MM`) in `timeZone`. Counted in the store, so every hub on it spends one budget.
 */
export const callBudgetSchema = z.strictObject({
  perDay: z.number({ error: 'must be a number of calls' }).int('must be a whole number').positive('must be at least 1'),
  resetsAt: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM (24 h), e.g. 00:00')
    .default('00:00'),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. UTC or America/New_York').default('UTC'),
});
/** A validated call budget of a turn-up. */
export type CallBudgetSettings = z.infer<typeof callBudgetSchema>;

/**
 * A turn-up: one client put on one platform. It names the plugin (by package name), the client's ID in
 * that platform, the club ID mapping (hub club ID → platform club ID, one per club), the connection
 * (none for SaaS platforms) and the plugin's own options (validated by the plugin's schema).
 */
export const turnUpSchema = z.strictObject({
  /** Unique within the client; defaults to the plugin id. Used in links, deliveries and the log. */
  platform: z.string().min(1).optional(),
  /** The plugin's package name, e.g. `@connector/plugin-acme`. */
  plugin: z.string({ error: 'is required' }).min(1),
  /** The provider identifier this platform uses when it sends to the hub (e.g. `ACME`), so its own
   * records are not sent back to it. Defaults to the platform key in upper case. */
  provider: z.string().optional(),
  /** The client's ID in the platform. */
  platformClientId: z.string().optional(),
  connection: connectionSchema.optional(),
  /** Hub club ID → the club's ID in the platform. A club not listed is not delivered to this platform. */
  clubs: z.record(z.string(), z.string(), { error: 'must map hub club IDs to platform club IDs' }),
  options: z.record(z.string(), z.unknown()).default({}),
  /** Deliveries in flight at once to this platform for this client. */
  concurrency: z.number().int().min(1).max(256).optional(),
  /** Calls per second allowed to this platform for this client. */
  rateLimitPerSecond: z.number().positive().optional(),
  /**
   * At most this many calls a day to the platform for this client (a platform that bills calls beyond a
   * daily quota). A call beyond it is not made: deliveries wait for the next day, pulls are skipped.
   */
  callBudget: callBudgetSchema.optional(),
  /** Two-way sync: pull the people the platform changed, every `every` (`30s`, `15m`, `1h`). Off when absent. */
  pull: z
    .strictObject({
      every: z.string().regex(/^[1-9]\d*(s|m|h)$/, 'must be a duration as 30s, 15m or 1h'),
    })
    .optional(),
  /**
   * Before the first create of a person in this platform, look them up (the plugin's `find`) and link
   * the record found instead of creating a second one (a person entered at the club's front desk, then
   * sent by a provider). Default: on where the plugin can search. Several candidates: no link, no
   * create, a dead letter AMBIGUOUS_MATCH naming them, for an operator to merge and replay.
   */
  matchBeforeCreate: z.boolean({ error: 'must be true or false' }).optional(),
  /**
   * Merge two records the platform holds for one hub person (found before a create) where the plugin
   * can merge (MINDBODY v6). Default: off, since a merge cannot be undone and moves the platform's own
   * history (visits, sales) of one record onto the other: the business decides.
   */
  mergeDuplicates: z.boolean({ error: 'must be true or false' }).optional(),
  /** How long one platform call may take before it counts as timed out (default: the plugin's, else 15 s). */
  timeoutMs: z.number().int().min(100, 'must be at least 100').max(600_000, 'must be at most 600000').optional(),
});
/** Milliseconds of a pull interval as written (`30s`, `15m`, `1h`). */
export function durationMs(every: string): number {
  const amount = Number.parseInt(every, 10);
  const unit = every.slice(-1);
  return amount * (unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : 1000);
}

/** A turn-up as written in configuration. */
export type TurnUpInput = z.input<typeof turnUpSchema>;
/** A validated turn-up. */
export type TurnUp = z.infer<typeof turnUpSchema> & { platform: string; provider: string };

/** A club: one physical location, with its IANA time zone (used to render log timestamps). */
export const clubSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  timeZone: z.string().default('UTC'),
});
/** A club of a client. */
export type Club = z.infer<typeof clubSchema>;

/** A client: a customer company with its clubs and the platforms it is turned up on. */
export const clientSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  clubs: z.array(clubSchema).min(1, 'a client needs at least one club'),
  platforms: z.array(turnUpSchema).default([]),
});
/** A client as written in configuration. */
export type ClientInput = z.input<typeof clientSchema>;
/** A validated client. */
export type Client = Omit<z.infer<typeof clientSchema>, 'platforms'> & { platforms: TurnUp[] };

/** Fills the defaults of a turn-up (platform key, provider identifier). */
export function normalizeTurnUp(turnUp: z.infer<typeof turnUpSchema>, pluginId: string): TurnUp {
  const platform = turnUp.platform ?? pluginId;
  return { ...turnUp, platform, provider: (turnUp.provider ?? platform).toUpperCase() };
}
