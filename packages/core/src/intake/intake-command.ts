import type { EntityKind, UserType } from '../model/person';
import type { RefusedContent } from './check-content';
import type { FieldNaming, ProviderInfoInput } from './field-naming';

/** The channel a record came through, named in the Connector Log's details (`api`) and in metrics. */
export type IntakeChannel = 'xml' | 'json' | 'import' | 'core' | 'pull' | 'webhook';

/** What every command to the intake carries: the envelope as sent, the channel and its words. */
interface CommandBase<K extends EntityKind> {
  kind: K;
  providerInfo: ProviderInfoInput;
  naming: FieldNaming;
  api: IntakeChannel;
}

/** One record as a channel read it (XML, JSON, an import line), in the model's field names, unchecked. */
export interface IntakeCommand<K extends EntityKind = EntityKind> extends CommandBase<K> {
  /** The record in the hub model's field names (firstName, zipcode, ownerEmail…), unvalidated. */
  content: Record<string, unknown>;
  /** A staff owner named by the recordID of a staff record the same provider saved earlier. */
  ownerRecordId?: string;
  /** What the channel read and did not know (elements, in its words): taken, but said in a WARNING. */
  ignored?: readonly string[];
  /** Where the record starts in a file (an import), for the Connector Log's details. */
  at?: { line: number; column?: number };
}

/** Content checked and hashed by {@link checkContent} elsewhere (another thread), as JSON. */
export interface CheckedContent {
  /** `JSON.stringify` of the checked content, exactly as checkContent answered it. */
  contentJson: string;
  hash: string;
  /** A person's userType, which routing reads. */
  userType?: UserType;
  /** The UUID the record gets if the save creates it. */
  uuid?: string;
}

/**
 * One record whose content was checked beside the event loop (the hub's JSON batch reader): the intake
 * checks the envelope and routes, and trusts `checked` to be what checkContent answered.
 */
export interface CheckedCommand<K extends EntityKind = EntityKind> extends CommandBase<K> {
  checked: CheckedContent | RefusedContent;
}

/** Anything the intake takes. */
export type AnyIntakeCommand = IntakeCommand | CheckedCommand;

/** What the intake answers for one record of many: the save to commit, or why not. */
export type IntakeResult<T> = { input: T; error?: undefined } | { input?: undefined; error: unknown };
