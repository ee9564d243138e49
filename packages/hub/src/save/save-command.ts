import type { EntityKind, UserType } from '@connector/core';

/** The envelope of every save: who sends, for which client and club, and the record's ID there. */
export interface ProviderInfoInput {
  identifier?: string;
  clientID?: string;
  clubID?: string;
  recordID?: string;
}

/** How an API names fields in its messages (`userInfo.firstname` in XML, `user.firstName` in JSON). */
export interface FieldNaming {
  providerInfo: Record<keyof ProviderInfoInput, string>;
  /** Names a field of the hub model (`firstName`, `ownerEmail`) in the API's words. */
  content(modelField: string): string;
}

/** One record to save, as read from an XML or JSON body, before validation. */
export interface SaveCommand {
  kind: EntityKind;
  providerInfo: ProviderInfoInput;
  /** The record in the hub model's field names (firstName, zipcode, ownerEmail…), unvalidated. */
  content: Record<string, unknown>;
  /** A staff owner named by the recordID of a staff record the same provider saved earlier. */
  ownerRecordId?: string;
  naming: FieldNaming;
  /** Which API it came through (metrics). */
  api: 'xml' | 'json';
}

/**
 * One record of a JSON batch read beside the event loop (see BatchReader): its content is already
 * checked and hashed there, or refused with the reason in the API's words.
 */
export interface ReadSaveCommand {
  kind: EntityKind;
  providerInfo: ProviderInfoInput;
  naming: FieldNaming;
  api: 'json';
  read:
    | { contentJson: string; hash: string; userType?: UserType; uuid?: string }
    | { invalid: { message: string; field?: string; person: string; summary: string } };
}

/** What a save answers. */
export interface SaveOutcome {
  uuid: string;
  created: boolean;
  changed: boolean;
  /** Deliveries queued by this save (0 when the content was unchanged). */
  deliveries: number;
}
