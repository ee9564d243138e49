import type { MindbodyAddClientRequest, MindbodyClientFields, MindbodySalesRep, MindbodyUpdateClientRequest } from '../api/mindbody-api.types';
import { invalidParameter, MindbodyHttpError } from './mindbody-http.error';

/*
 * Request checks of the simulator, written from the vendor swagger (AddClientRequest, UpdateClientRequest,
 * ClientWithSuspensionInfo) and MINDBODY's documented rules. Deliberately stricter than MINDBODY in one
 * way: an unknown property is refused, where MINDBODY would silently ignore it, so that a misspelt field
 * in the plugin fails a test instead of vanishing.
 */

const STRING_FIELDS = [
  'FirstName',
  'LastName',
  'MiddleName',
  'Email',
  'MobilePhone',
  'HomePhone',
  'WorkPhone',
  'WorkExtension',
  'AddressLine1',
  'AddressLine2',
  'City',
  'State',
  'PostalCode',
  'Country',
  'Gender',
  'ReferredBy',
  'Notes',
] as const;
const BOOLEAN_FIELDS = ['IsProspect', 'Active', 'IsCompany', 'SendAccountEmails', 'SendPromotionalEmails', 'SendScheduleEmails'] as const;
const DATE_TIME_FIELDS = ['BirthDate', 'CreationDate'] as const;
const OBJECT_FIELDS = ['SalesReps', 'HomeLocation'] as const;
const CLIENT_FIELDS = new Set<string>([...STRING_FIELDS, ...BOOLEAN_FIELDS, ...DATE_TIME_FIELDS, ...OBJECT_FIELDS]);

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const GENDERS = ['Male', 'Female', 'None'];

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** A date-time as MINDBODY takes it (with or without an offset; none means UTC), as ISO-8601 UTC. */
export function parseDateTime(field: string, value: unknown): string {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) {
    throw invalidParameter(`${field} must be a date-time (yyyy-mm-ddThh:mm:ss), got ${JSON.stringify(value)}`);
  }
  const withZone = /(Z|[+-]\d{2}:\d{2})$/i.test(value) ? value : `${value}Z`;
  const at = Date.parse(withZone);
  if (Number.isNaN(at)) throw invalidParameter(`${field} is not a valid date: ${JSON.stringify(value)}`);
  return new Date(at).toISOString();
}

function integer(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidParameter(`${field} must be an integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function checkSalesReps(value: unknown): MindbodySalesRep[] {
  if (!Array.isArray(value)) throw invalidParameter('SalesReps must be an array of sales reps');
  return value.map((rep, index) => {
    const where = `SalesReps[${index}]`;
    if (!isObject(rep)) throw invalidParameter(`${where} must be an object`);
    for (const key of Object.keys(rep)) {
      if (!['Id', 'FirstName', 'LastName', 'SalesRepNumber', 'SalesRepNumbers'].includes(key)) {
        throw invalidParameter(`${where}.${key} is not a property of SalesRep`);
      }
    }
    const id = integer(`${where}.Id`, rep.Id);
    const number = rep.SalesRepNumber === undefined ? 1 : integer(`${where}.SalesRepNumber`, rep.SalesRepNumber);
    if (number < 1 || number > 6) throw invalidParameter(`${where}.SalesRepNumber must be 1 to 6, got ${number}`);
    return { Id: id, SalesRepNumber: number };
  });
}

/** Checks the client fields of a body; returns them with dates normalised. */
function checkClientFields(body: Record<string, unknown>, allowed: ReadonlySet<string>, where: string): MindbodyClientFields {
  for (const key of Object.keys(body)) {
    if (!CLIENT_FIELDS.has(key) && !allowed.has(key)) throw invalidParameter(`${where}${key} is not a property MINDBODY accepts here`);
  }
  const fields: Record<string, unknown> = {};
  for (const key of STRING_FIELDS) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw invalidParameter(`${where}${key} must be a string, got ${JSON.stringify(value)}`);
    fields[key] = value;
  }
  for (const key of BOOLEAN_FIELDS) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'boolean') throw invalidParameter(`${where}${key} must be true or false, got ${JSON.stringify(value)}`);
    fields[key] = value;
  }
  for (const key of DATE_TIME_FIELDS) {
    if (body[key] !== undefined && body[key] !== null) fields[key] = parseDateTime(`${where}${key}`, body[key]);
  }
  const email = fields.Email as string | undefined;
  if (email !== undefined && email !== '' && !EMAIL.test(email)) throw invalidParameter(`${where}Email is not a valid email address: ${email}`);
  const gender = fields.Gender as string | undefined;
  if (gender !== undefined) {
    const known = GENDERS.find((g) => g.toLowerCase() === gender.toLowerCase());
    if (!known) throw invalidParameter(`${where}Gender must be one of ${GENDERS.join(', ')}, got ${JSON.stringify(gender)}`);
    fields.Gender = known;
  }
  const country = fields.Country as string | undefined;
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) {
    throw invalidParameter(`${where}Country must be a 2-letter country code in capitals, got ${JSON.stringify(country)}`);
  }
  if (body.SalesReps !== undefined && body.SalesReps !== null) fields.SalesReps = checkSalesReps(body.SalesReps);
  if (body.HomeLocation !== undefined && body.HomeLocation !== null) {
    if (!isObject(body.HomeLocation)) throw invalidParameter(`${where}HomeLocation must be an object with an Id`);
    fields.HomeLocation = { Id: integer(`${where}HomeLocation.Id`, body.HomeLocation.Id) };
  }
  return fields as MindbodyClientFields;
}

/** Checks a `POST client/addclient` body. */
export function checkAddClientRequest(body: unknown): MindbodyAddClientRequest {
  if (!isObject(body)) throw invalidParameter('The request body must be a JSON object (AddClientRequest)');
  const fields = checkClientFields(body, new Set(['Test']), '');
  const missing = (['FirstName', 'LastName'] as const).filter((key) => !fields[key]?.trim());
  if (missing.length > 0) {
    throw new MindbodyHttpError(400, 'MissingRequiredFields', `The following fields are required: ${missing.join(', ')}`);
  }
  if (body.Test !== undefined && typeof body.Test !== 'boolean') throw invalidParameter('Test must be true or false');
  return { ...fields, FirstName: fields.FirstName as string, LastName: fields.LastName as string, Test: body.Test as boolean | undefined };
}

/** Checks a `POST client/updateclient` body. */
export function checkUpdateClientRequest(body: unknown): MindbodyUpdateClientRequest {
  if (!isObject(body)) throw invalidParameter('The request body must be a JSON object (UpdateClientRequest)');
  for (const key of Object.keys(body)) {
    if (!['Client', 'Test', 'CrossRegionalUpdate', 'NewId', 'LeadChannelId'].includes(key)) {
      throw invalidParameter(`${key} is not a property of UpdateClientRequest`);
    }
  }
  if (!isObject(body.Client)) throw new MindbodyHttpError(400, 'MissingRequiredFields', 'Client is required');
  const id = body.Client.Id;
  if (typeof id !== 'string' || id.trim() === '') throw new MindbodyHttpError(400, 'MissingRequiredFields', 'Client.Id is required (a string)');
  const fields = checkClientFields(body.Client, new Set(['Id']), 'Client.');
  for (const key of ['FirstName', 'LastName'] as const) {
    if (fields[key] !== undefined && fields[key]?.trim() === '') throw invalidParameter(`Client.${key} must not be empty`);
  }
  for (const key of ['Test', 'CrossRegionalUpdate'] as const) {
    if (body[key] !== undefined && typeof body[key] !== 'boolean') throw invalidParameter(`${key} must be true or false`);
  }
  return { Client: { ...fields, Id: id }, Test: body.Test as boolean | undefined, CrossRegionalUpdate: body.CrossRegionalUpdate as boolean | undefined };
}

/** `MergeClientsRequest`: SourceClientId and TargetClientId, both client UniqueIds (int64), both required. */
export function checkMergeClientsRequest(body: unknown): { source: number; target: number } {
  if (!isObject(body)) throw invalidParameter('The request body must be a MergeClientsRequest object');
  const unknown = Object.keys(body).filter((key) => key !== 'SourceClientId' && key !== 'TargetClientId');
  if (unknown.length) throw invalidParameter(`Unknown field(s) in MergeClientsRequest: ${unknown.join(', ')}`);
  if (body.SourceClientId === undefined || body.TargetClientId === undefined) {
    throw new MindbodyHttpError(400, 'MissingRequiredFields', 'SourceClientId and TargetClientId are required');
  }
  return { source: integer('SourceClientId', body.SourceClientId), target: integer('TargetClientId', body.TargetClientId) };
}
