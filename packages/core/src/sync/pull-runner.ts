import { ConfigurationError } from '../errors/connector-error';
import type { PlatformRuntime } from '../runtime/platform-runtime';
import { twoWayStoreOf, type InboundSync } from './inbound-sync';

/** One page of a pull, as reported to whoever watches (`connector sync` prints it). */
export interface PullProgress {
  platform: string;
  clubId: string;
  page: number;
  /** People in the page. */
  read: number;
  /** Hub records created or changed. */
  saved: number;
  unchanged: number;
  refused: number;
  done: boolean;
}

/** What one pull of a turn-up did, over all its clubs. */
export interface PullSummary {
  platform: string;
  pages: number;
  read: number;
  saved: number;
  unchanged: number;
  refused: number;
}

/** Settings of a pull. */
export interface PullOptions {
  /** People asked for per page (default 100). */
  pageSize?: number;
  /** Pages per club at most in one pull (default 1000): a feed that never says done cannot hold the worker. */
  maxPages?: number;
  onPage?: (progress: PullProgress) => void;
}

/**
 * Runs one pull of a turn-up: for each of its clubs, pages of changes from the stored cursor on, each
 * page applied with its new cursor in one transaction. A crash (or a failing call) stops the pull with
 * the cursor after the last committed page: the next pull re-reads the page that was not committed and
 * skips none. The platform's calls go through the turn-up's transport, which paces them under its rate.
 */
export async function runPull(runtime: PlatformRuntime, sync: InboundSync, options: PullOptions = {}): Promise<PullSummary> {
  const pull = runtime.pull;
  const platform = runtime.turnUp.platform;
  if (!pull) throw new ConfigurationError(`${runtime.displayName} (${platform}) cannot be pulled: its plugin has no pull operations`, { field: 'platform' });
  const store = twoWayStoreOf(sync.store);
  const summary: PullSummary = { platform, pages: 0, read: 0, saved: 0, unchanged: 0, refused: 0 };
  for (const hubClubId of Object.keys(runtime.turnUp.clubs)) {
    const club = runtime.clubContext(hubClubId)!;
    for (let page = 1; page <= (options.maxPages ?? 1000); page++) {
      const cursor = await store.getPullCursor(runtime.client.id, platform, hubClubId);
      const answer = await pull.changes({ club, cursor, limit: options.pageSize ?? 100 });
      const prepared = await sync.prepare(runtime, answer.items, club, 'pull');
      const result = await sync.apply(runtime, prepared.changes, { cursor: { clubId: hubClubId, value: answer.cursor } });
      const saved = result.saved.filter((s) => s.changed).length;
      // Unchanged: echoes and content the hub holds, and links made to records whose content was already that.
      const unchanged = prepared.unchanged + (prepared.changes.length - saved);
      summary.pages += 1;
      summary.read += answer.items.length;
      summary.saved += saved;
      summary.unchanged += unchanged;
      summary.refused += prepared.refused;
      options.onPage?.({
        platform,
        clubId: hubClubId,
        page,
        read: answer.items.length,
        saved,
        unchanged,
        refused: prepared.refused,
        done: answer.done,
      });
      if (answer.done) break;
    }
  }
  return summary;
}
