import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { runCli, tempDir, writeConfig } from './cli-test-kit';

// A real collection between samples, so the samples measure what is alive, not garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function liveHeap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

describe('connector import of a large file', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('streams: 20,000 lines of 1 KB are saved while the live heap stays far below the file size', async () => {
    const lines = 20_000;
    const padding = 'x'.repeat(1000);
    const file = path.join(tmp.dir, 'bulk.ndjson');
    const out = fs.openSync(file, 'w');
    let chunk = '';
    for (let i = 1; i <= lines; i++) {
      chunk += `{"clubID":"bulk-club","recordID":"b-${i}","firstname":"First${i}","lastname":"Last${i}","userType":"PROSPECT","userStatus":"ACTIVE","company":"${padding}"}\n`;
      if (i % 1000 === 0) {
        fs.writeSync(out, chunk);
        chunk = '';
      }
    }
    fs.closeSync(out);
    const fileBytes = fs.statSync(file).size;
    // A client with no platform: the test measures the reading and the saving, not deliveries.
    const config = writeConfig(tmp.dir, { extraClients: [{ id: 'bulk', clubs: [{ id: 'bulk-club', timeZone: 'UTC' }] }] });

    const baseline = liveHeap();
    let peak = baseline;
    // Reading heapUsed is cheap; a full collection is not, so collect only when the heap looks grown:
    // what survives the collection is what the import holds.
    const sampler = setInterval(() => {
      if (process.memoryUsage().heapUsed - baseline > 16 * 1024 * 1024) peak = Math.max(peak, liveHeap());
    }, 20);
    const result = await runCli(['import', file, '--client', 'bulk', '--config', config]);
    clearInterval(sampler);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`records read  ${lines}`);
    expect(result.stdout).toContain(`saved         ${lines} (${lines} new, 0 updated)`);
    // Without a TTY, progress is a periodic line on stderr, never a bar's control characters.
    expect(result.stderr).not.toContain('\u001b[');
    const grownMb = (peak - baseline) / 1024 / 1024;
    // Holding the file would cost more than its ~20 MB; one batch of 500 records costs about 1 MB.
    expect(fileBytes).toBeGreaterThan(20 * 1024 * 1024);
    expect(grownMb).toBeLessThan(10);
  }, 120_000);
});
