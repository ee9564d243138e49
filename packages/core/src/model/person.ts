import { z } from 'zod';

// Dates are checked against the calendar at the intake (zod's ISO validators know leap years and month
// lengths): 1990-02-31 or a createdDate of "yesterday" used to pass the model and fail later, at the
// platform, as a dead letter. A well-shaped but impossible value gets a message of its own.
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP_SHAPE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** A day of the calendar, as yyyy-mm-dd (the 2011-11 API's birthdate). */
const calendarDate = z.iso.date({
  error: (issue) =>
    typeof issue.input === 'string' && DATE_SHAPE.test(issue.input) ? 'must be a real date: there is no such day' : 'must be a date as yyyy-mm-dd',
});

/**
 * An ISO-8601 time stamp (the 2011-11 API's createdDate and modifiedDate): a date-time with `Z` or an
 * offset (2012-04-10T04:11:07.023Z, 2012-04-10T06:11:07+02:00), or without one (the sender's local
 * time), or a date alone (2012-04-10), which senders and plugins use for a day without a time.
 */
const timestamp = z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()], {
  error: (issue) =>
    typeof issue.input === 'string' && TIMESTAMP_SHAPE.test(issue.input)
      ? 'must be a real date and time: there is no such day or time'
      : 'must be an ISO-8601 date-time as 2012-04-10T04:11:07Z (or a date as 2012-04-10)',
});

/**
 * A person as the hub holds it: a prospect (lead) or a member. The hub is forgiving on purpose, like the
 * original: only names, status and type are mandatory, and no lengths are invented. What a platform
 * cannot carry is its plugin's business, not the model's.
 */
export const personSchema = z.object({
  firstName: z.string({ error: 'is required' }).trim().min(1, 'must not be empty'),
  lastName: z.string({ error: 'is required' }).trim().min(1, 'must not be empty'),
  userType: z.enum(['PROSPECT', 'MEMBER'], { error: 'must be PROSPECT or MEMBER' }),
  userStatus: z.enum(['ACTIVE', 'INACTIVE'], { error: 'must be ACTIVE or INACTIVE' }),
  birthdate: calendarDate.optional(),
  gender: z.enum(['M', 'F'], { error: 'must be M or F' }).optional(),
  address1: z.string().optional(),
  address2: z.string().optional(),
  city: z.string().optional(),
  zipcode: z.string().optional(),
  state: z.string().optional(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be a 2-letter ISO country code')
    .optional(),
  mobile: z.string().optional(),
  email: z.string().optional(),
  homePhone: z.string().optional(),
  workPhone: z.string().optional(),
  company: z.string().optional(),
  createdBy: z.string().optional(),
  createdDate: timestamp.optional(),
  modifiedBy: z.string().optional(),
  modifiedDate: timestamp.optional(),
  /** The staff owner (sales person), named by email; matched against each platform's staff list. */
  ownerEmail: z.string().optional(),
  /** The lead source, named; matched by name against each platform's lead sources. */
  leadSource: z.string().optional(),
});

/** A prospect or member. */
export type Person = z.infer<typeof personSchema>;
/** PROSPECT or MEMBER. */
export type UserType = Person['userType'];

/** A staff member of a club. Staff are never created in a platform; they are linked by email. */
export const staffSchema = z.object({
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string({ error: 'is required' }).trim().min(3, 'must be an email address'),
  active: z.boolean().optional(),
});
/** A staff member as the hub holds it. */
export type Staff = z.infer<typeof staffSchema>;

/** A lead source (where a prospect came from), matched across platforms by name. */
export const leadSourceSchema = z.object({
  name: z.string({ error: 'is required' }).trim().min(1, 'must not be empty'),
  active: z.boolean().default(true),
});
/** A lead source as the hub holds it. */
export type LeadSource = z.infer<typeof leadSourceSchema>;

/** The kinds of hub record. */
export type EntityKind = 'person' | 'staff' | 'leadSource';

/** The content of a hub record of each kind. */
export interface EntityContent {
  person: Person;
  staff: Staff;
  leadSource: LeadSource;
}
