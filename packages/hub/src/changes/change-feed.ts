import type { ConnectorStore, RecordChange } from '@connector/core';
import type { ChangeSignal } from './change-signal';
import { decodeChangeCursor, encodeChangeCursor } from './change-cursor';

/** The longest `wait` a caller may ask for, in seconds: a proxy between the caller and the hub may cut longer requests. */
export const MAX_WAIT_SECONDS = 30;
/** How often a waiting feed reads the store, for changes committed by another process. */
export const STORE_POLL_MS = 1000;
/** A read scans at most this many store pages when filters (club, modified-since) leave most out. */
const MAX_SCANNED_PAGES = 5;

/** What one read of the feed asks for. */
export interface ChangeFeedRead {
  /** Who reads, in the words of `changedBy`: its own changes are left out (its provider ID, its platforms). */
  excludeChangedBy: readonly string[];
  /** The clients in the reader's scope (and filter). */
  clientIds: readonly string[];
  /** Only this club. */
  clubId?: string;
  /** Only records whose latest change was committed at or after this time (ISO-8601). */
  since?: string;
  /** The cursor of the previous answer; absent: from the first change. */
  cursor?: string;
  limit: number;
  /** Hold the request up to this many seconds until a change arrives (0: answer at once). */
  waitSeconds: number;
  /** The caller went away: stop waiting. */
  abort?: AbortSignal;
}

/** What the feed answers. */
export interface ChangeFeedPage {
  changes: RecordChange[];
  /** Where the next read resumes; the same cursor when nothing new was read. */
  cursor: string;
  /** True when more changes may be read at once with `cursor`. */
  more: boolean;
}

/**
 * The change feed of the systems that only send: the records of a provider's clients that another spoke
 * changed (never the provider's own writes), in commit order, from a cursor that is a point of the
 * store's change sequence (so it survives a restart). A read with a wait holds until a change arrives.
 */
export class ChangeFeed {
  constructor(
    private readonly store: ConnectorStore,
    private readonly signal: ChangeSignal,
    private readonly pollMs = STORE_POLL_MS,
  ) {}

  async read(request: ChangeFeedRead): Promise<ChangeFeedPage> {
    let after = decodeChangeCursor(request.cursor);
    const deadline = Date.now() + Math.min(MAX_WAIT_SECONDS, Math.max(0, request.waitSeconds)) * 1000;
    // Bounded: each turn waits up to pollMs, and the loop ends at the deadline (or close, or abort).
    for (;;) {
      const page = await this.scan(request, after);
      const remaining = deadline - Date.now();
      if (page.changes.length > 0 || page.more || remaining <= 0 || this.signal.isClosed || request.abort?.aborted) return page;
      after = decodeChangeCursor(page.cursor);
      await this.signal.wait(Math.min(this.pollMs, remaining), request.abort);
    }
  }

  /** Reads store pages from `after` until `limit` changes pass the filters, the end, or the scan bound. */
  private async scan(request: ChangeFeedRead, after: number): Promise<ChangeFeedPage> {
    const since = request.since === undefined ? undefined : Date.parse(request.since);
    const changes: RecordChange[] = [];
    let cursor = after;
    for (let scanned = 0; scanned < MAX_SCANNED_PAGES; scanned++) {
      const page = await this.store.listChanges({
        clientIds: request.clientIds,
        afterSeq: cursor,
        excludeChangedBy: request.excludeChangedBy,
        limit: request.limit,
      });
      for (const change of page.changes) {
        cursor = change.seq;
        if (request.clubId !== undefined && change.record.clubId !== request.clubId) continue;
        if (since !== undefined && Date.parse(change.record.updatedAt) < since) continue;
        changes.push(change);
        if (changes.length === request.limit) return { changes, cursor: encodeChangeCursor(cursor), more: true };
      }
      cursor = page.nextSeq;
      if (page.changes.length < request.limit) return { changes, cursor: encodeChangeCursor(cursor), more: false };
    }
    return { changes, cursor: encodeChangeCursor(cursor), more: true };
  }
}
