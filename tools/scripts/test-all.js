#!/usr/bin/env node
// Runs every project's jest suite through nx (two at a time: these machines have 2 cores), echoes the
// output, and closes with one line totalling every project's tests: "Tests: N passed, N failed, N skipped".
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const nxPackage = require.resolve('nx/package.json', { paths: [root] });
const nx = path.join(path.dirname(nxPackage), require(nxPackage).bin.nx);
const args = [nx, 'run-many', '-t', 'test', '--parallel=2', '--outputStyle=stream', ...process.argv.slice(2)];
const child = spawn(process.execPath, args, {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, NX_DAEMON: process.env.NX_DAEMON ?? 'false', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
});

const totals = { passed: 0, failed: 0, skipped: 0, projects: 0 };
// eslint-disable-next-line no-control-regex -- ESC starts the colour codes that are stripped
const ansi = /\x1b\[[0-9;]*m/g;
let pending = '';
function scan(chunk) {
  pending += chunk.toString('utf8');
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const raw of lines) {
    const line = raw.replace(ansi, '');
    const match = /Tests:\s+(.*)\s+(\d+) total\s*$/.exec(line);
    if (!match) continue;
    totals.projects++;
    for (const [, count, kind] of match[1].matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
      if (kind === 'todo') totals.skipped += Number(count);
      else totals[kind] += Number(count);
    }
  }
}
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  scan(chunk);
});
child.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  scan(chunk);
});
child.on('close', (code) => {
  scan('\n');
  if (totals.projects > 0) {
    console.log(`\nTotal over ${totals.projects} projects:`);
    console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  }
  process.exit(code ?? 1);
});
