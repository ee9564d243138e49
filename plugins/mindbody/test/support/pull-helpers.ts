import type { ChangesPage, ClubContext, PlatformPerson } from '@connector/core/plugin';
import type { SimulatorRuntime } from '@connector/testing';

/** What a run of pages gave: every item, each page, and the cursor to resume from. */
export interface PullRun {
  items: PlatformPerson[];
  pages: ChangesPage[];
  cursor: string;
}

/** Pulls page after page until the plugin says done (at most `maxPages`: a runaway pull fails the test). */
export async function pullUntilDone(
  runtime: SimulatorRuntime,
  club: ClubContext,
  options: { cursor?: string; limit?: number; maxPages?: number } = {},
): Promise<PullRun> {
  const pages: ChangesPage[] = [];
  let cursor = options.cursor;
  const maxPages = options.maxPages ?? 20;
  for (let i = 0; i < maxPages; i++) {
    const page = await runtime.pull!.changes({ club, cursor, limit: options.limit ?? 200 });
    pages.push(page);
    cursor = page.cursor;
    if (page.done) return { items: pages.flatMap((p) => p.items), pages, cursor };
  }
  throw new Error(`the pull did not finish in ${maxPages} pages`);
}
