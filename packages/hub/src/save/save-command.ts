import type { CheckedCommand, IntakeCommand } from '@connector/core';

// The envelope and the channel's field naming are the intake's (core); the hub's channels use them as they are.
export type { FieldNaming, ProviderInfoInput } from '@connector/core';

/** One record to save, as read from an XML or JSON body, before validation (the intake checks it). */
export interface SaveCommand extends IntakeCommand {
  /** Which API it came through (metrics, and the Connector Log's details). */
  api: 'xml' | 'json';
}

/**
 * One record of a JSON batch read beside the event loop (see BatchReader): its content is already
 * checked and hashed there, or refused with the reason in the API's words.
 */
export interface ReadSaveCommand extends CheckedCommand {
  api: 'json';
}

/** What a save answers. */
export interface SaveOutcome {
  uuid: string;
  created: boolean;
  changed: boolean;
  /** Deliveries queued by this save (0 when the content was unchanged). */
  deliveries: number;
  /** What the body held that the API does not know, in its words: the record was saved without it. */
  ignored?: readonly string[];
}
