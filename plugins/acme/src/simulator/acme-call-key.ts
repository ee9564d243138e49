/** The kinds of call the simulator counts (see `AcmeSimulator.calls()`). */
export const ACME_CALL_KEYS = [
  'people.create',
  'people.update',
  'people.convert',
  'people.search',
  'people.changes',
  'people.get',
  'staff.list',
  'leadSources.list',
  'leadSources.create',
  'leadSources.update',
  'check',
] as const;

/** One kind of call to the Acme API. */
export type AcmeCallKey = (typeof ACME_CALL_KEYS)[number];
