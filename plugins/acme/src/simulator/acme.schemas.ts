import { z } from 'zod';
import { AcmeHttpError } from './acme-http.error';

// Deliberately simple: Acme only checks that an address has one @ and a dot in its domain, like most
// platforms do; the point is a 400 that names the field, not RFC 5322.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function trimmed() {
  return z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }).trim();
}
const required = () => trimmed().min(1, 'is required');
const optional = () => trimmed().optional();

const isoDate = z
  .string({ error: 'must be a string' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'must be a real date');

/** The body of POST /v1/clubs/:clubId/prospects|members, PUT /v1/prospects|members/:id and convert. */
export const personBodySchema = z.strictObject({
  externalRef: z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
  firstName: required(),
  lastName: required(),
  status: z.enum(['active', 'inactive'], { error: 'must be active or inactive' }).default('active'),
  email: z.string({ error: 'must be a string' }).trim().regex(EMAIL, 'must look like an email address').optional(),
  birthDate: isoDate.optional(),
  gender: z.enum(['female', 'male'], { error: 'must be female or male' }).optional(),
  company: optional(),
  phones: z.strictObject({ mobile: optional(), home: optional(), work: optional() }, { error: 'must be an object' }).optional(),
  address: z
    .strictObject(
      {
        line1: optional(),
        line2: optional(),
        city: optional(),
        region: optional(),
        postalCode: optional(),
        country: z
          .string({ error: 'must be a string' })
          .regex(/^[A-Za-z]{2}$/, 'must be a 2-letter ISO country code')
          .optional(),
      },
      { error: 'must be an object' },
    )
    .optional(),
  ownerStaffId: z.string({ error: 'must be a string' }).min(1, 'must not be empty').optional(),
  leadSourceId: z.string({ error: 'must be a string' }).min(1, 'must not be empty').optional(),
});
/** A validated person body. */
export type PersonBody = z.infer<typeof personBodySchema>;

/** The body of POST /v1/clubs/:clubId/lead-sources and PUT /v1/lead-sources/:id. */
export const leadSourceBodySchema = z.strictObject({
  name: required(),
  active: z.boolean({ error: 'must be true or false' }).default(true),
});
/** A validated lead source body. */
export type LeadSourceBody = z.infer<typeof leadSourceBodySchema>;

/** The query of GET /v1/clubs/:clubId/people. */
export const peopleQuerySchema = z
  .object({
    externalRef: z.string().trim().min(1, 'must not be empty').optional(),
    email: z.string().trim().min(1, 'must not be empty').optional(),
  })
  .refine((query) => query.externalRef !== undefined || query.email !== undefined, {
    message: 'give externalRef or email (or both)',
  });
/** A validated search query. */
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

/** The query of GET /v1/clubs/:clubId/people/changes. */
export const changesQuerySchema = z.strictObject({
  since: z.string().regex(/^\d+$/, 'must be a cursor from an earlier answer (digits)').default('0'),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1 to 500').max(500, 'must be 1 to 500').default(100),
});

/**
 * Parses a request body or query, or throws a 400 whose message names the first wrong field the way
 * Acme documents it: "email must look like an email address", "unknown field nickname".
 */
export function parseBody<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const field = [path, issue.keys[0]].filter(Boolean).join('.');
    throw new AcmeHttpError(400, `unknown field ${field}`, field);
  }
  if (!path) {
    const message = issue.code === 'invalid_type' ? 'the body must be a JSON object' : issue.message;
    throw new AcmeHttpError(400, message);
  }
  throw new AcmeHttpError(400, `${path} ${issue.message}`, path);
}
