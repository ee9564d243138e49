/** The envelope of every record, as the 2011-11 API names it (`providerInfo`), before it is checked. */
export interface ProviderInfoInput {
  /** The sending provider. */
  identifier?: string;
  clientID?: string;
  clubID?: string;
  /** The record's ID in the sending provider. */
  recordID?: string;
}

/**
 * How a channel names fields in its messages: `userInfo.firstname` in the XML API, `user.firstName` in
 * the JSON API, `firstname` in an import file. The intake words every refusal with it, so a sender reads
 * the names it wrote.
 */
export interface FieldNaming {
  providerInfo: Record<keyof ProviderInfoInput, string>;
  /** Names a field of the hub model (`firstName`, `ownerEmail`) in the channel's words. */
  content(modelField: string): string;
}

/** The envelope's names as the 2011-11 API writes them (flat: import files, in-process callers). */
export const PROVIDER_INFO_NAMES: FieldNaming['providerInfo'] = { identifier: 'identifier', clientID: 'clientID', clubID: 'clubID', recordID: 'recordID' };

/** The model's own names, for callers inside the process (tests, the bench, the testing harness). */
export const MODEL_NAMING: FieldNaming = { providerInfo: PROVIDER_INFO_NAMES, content: (field) => field };
