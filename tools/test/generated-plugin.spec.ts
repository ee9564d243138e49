import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PluginGeneratorSchema } from '../src/generators/plugin/schema';

// Generates plugins into a copy of the parts of the workspace a plugin needs, then type checks them and
// runs their jest suites there, as an author would right after `nx g @connector/tools:plugin`.

const WORKSPACE = path.resolve(__dirname, '../..');
const COPIED = [
  'package.json',
  'tsconfig.base.json',
  'jest.preset.js',
  'eslint.config.mjs',
  '.prettierrc.json',
  '.prettierignore',
  'tools/scripts',
  'packages/core',
  'packages/testing',
  'packages/store-sqlite',
];

interface Run {
  code: number | null;
  output: string;
}

interface JestReport {
  success: boolean;
  numFailedTests: number;
  testResults: Array<{ name: string; message: string; assertionResults: Array<{ title: string; status: string }> }>;
}

/** Copies `relative` from the workspace, linking nested node_modules instead of copying them. */
function copyIntoWorkspace(root: string, relative: string): void {
  const linked: string[] = [];
  fs.cpSync(path.join(WORKSPACE, relative), path.join(root, relative), {
    recursive: true,
    filter: (source) => {
      if (path.basename(source) !== 'node_modules') return true;
      linked.push(path.relative(WORKSPACE, source));
      return false;
    },
  });
  for (const modules of linked) fs.symlinkSync(path.join(WORKSPACE, modules), path.join(root, modules), 'dir');
}

/** Generates a plugin as `nx g @connector/tools:plugin` would, formatting included (see support/generate-plugin.ts). */
async function generate(root: string, schema: PluginGeneratorSchema): Promise<void> {
  const script = path.join(WORKSPACE, 'tools/test/support/generate-plugin.ts');
  const generated = await run(root, ['-r', path.join(WORKSPACE, 'tools/scripts/register.js'), script, root, JSON.stringify(schema)]);
  if (generated.code !== 0) throw new Error(`the generator failed for ${schema.name}: ${generated.output}`);
}

function run(root: string, args: string[]): Promise<Run> {
  const env = { ...process.env };
  delete env.JEST_WORKER_ID;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('a generated plugin, in a copy of the workspace', () => {
  let root: string;
  let typecheck: Run;
  let tests: Run;
  let report: JestReport;
  let lint: Run;
  let format: Run;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-generated-plugin-'));
    for (const relative of COPIED) copyIntoWorkspace(root, relative);
    fs.symlinkSync(path.join(WORKSPACE, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    await generate(root, { name: 'demo-gen' });
    await generate(root, { name: 'demo-soap', protocol: 'soap', entities: ['prospects', 'staff'] });
    fs.writeFileSync(
      path.join(root, 'tsconfig.generated.json'),
      JSON.stringify({
        extends: './tsconfig.base.json',
        compilerOptions: { noEmit: true },
        include: ['plugins/*/src/**/*.ts', 'plugins/*/test/**/*.ts', 'plugins/*/jest.config.ts'],
      }),
    );
    const reportFile = path.join(root, 'jest-report.json');
    // One jest run for both plugins, in band, beside one tsc: two processes at most.
    [typecheck, tests] = await Promise.all([
      run(root, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.generated.json']),
      run(root, [
        'node_modules/jest/bin/jest.js',
        '--ci',
        '--runInBand',
        '--json',
        `--outputFile=${reportFile}`,
        '--projects',
        'plugins/demo-gen/jest.config.ts',
        'plugins/demo-soap/jest.config.ts',
      ]),
    ]);
    // The checks `npm test` runs over the tree, on what the generator wrote (the generator formats it).
    [lint, format] = await Promise.all([
      run(root, ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', 'plugins']),
      run(root, ['node_modules/prettier/bin/prettier.cjs', '--check', 'plugins/**/*.{ts,js,mjs}']),
    ]);
    report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { success: false, numFailedTests: -1, testResults: [] };
  }, 240_000);

  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('type checks (sources, simulator and tests of both protocols)', () => {
    expect(typecheck.output).toBe('');
    expect(typecheck.code).toBe(0);
  });

  it('passes the lint and the format check, plugin rule included (only @connector/core/plugin from core)', () => {
    expect({ code: lint.code, output: lint.output.trim() }).toEqual({ code: 0, output: '' });
    expect({ code: format.code, unformatted: format.output.split('\n').filter((line) => line.startsWith('[warn] plugins/')) }).toEqual({
      code: 0,
      unformatted: [],
    });
  });

  it('passes its conformance suite at once', () => {
    expect({ code: tests.code, failed: report.numFailedTests, messages: report.testResults.map((r) => r.message).filter(Boolean) }).toEqual({
      code: 0,
      failed: 0,
      messages: [],
    });
    expect(report.testResults.map((result) => path.relative(root, result.name)).sort()).toEqual([
      'plugins/demo-gen/test/conformance.spec.ts',
      'plugins/demo-soap/test/conformance.spec.ts',
    ]);
  });

  it.each([
    ['demo-gen', 'Demo Gen'],
    ['demo-soap', 'Demo Soap'],
  ])('%s: only check and secrecy pass; every capability test is skipped, saying what is not implemented', (name, reason) => {
    const results = report.testResults.find((result) => result.name.includes(`${path.sep}${name}${path.sep}`))?.assertionResults ?? [];
    const passed = results.filter((result) => result.status === 'passed').map((result) => result.title);
    const skipped = results.filter((result) => result.status === 'pending').map((result) => result.title);
    expect(passed.sort()).toEqual([
      'check fails clearly with bad credentials',
      'check passes with good credentials',
      'never writes a secret to the logs or the Connector Log',
    ]);
    expect(skipped.length).toBeGreaterThanOrEqual(10);
    expect(skipped.length + passed.length).toBe(results.length);
    for (const title of skipped) expect(title).toMatch(new RegExp(` — skipped: ${reason} (has not implemented [a-zA-Z, ]+ yet|takes no |has no |cannot )`));
    expect(skipped).toContain(
      `creates a prospect, stores its platform ID, then updates the same record — skipped: ${reason} has not implemented prospects yet`,
    );
  });
});
