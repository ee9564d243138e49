import fs from 'node:fs';
import path from 'node:path';

/**
 * The demo's configuration and sample data: examples/demo/ of the repository, or, in an installed copy of
 * the CLI (which has no repository around it), the copy the build bundles into its dist as demo-files/.
 */
export const DEMO_DIR =
  [path.resolve(__dirname, '../demo-files'), path.resolve(__dirname, '../../../../examples/demo')].find((dir) =>
    fs.existsSync(path.join(dir, 'connector.config.yaml')),
  ) ?? path.resolve(__dirname, '../../../../examples/demo');

/** The demo's files, by role. */
export const DEMO_FILES = {
  config: path.join(DEMO_DIR, 'connector.config.yaml'),
  seed: path.join(DEMO_DIR, 'simulator-seed.yaml'),
  /**
   * Sent in order, each delivered before the next is sent: lead sources first (so prospects find them by
   * name), then new prospects and members, then changes (one converts a prospect Acme must hold first).
   */
  batches: ['01-lead-sources.xml', '02-new-people.xml', '03-changes.xml'].map((name) => path.join(DEMO_DIR, 'records', name)),
} as const;
