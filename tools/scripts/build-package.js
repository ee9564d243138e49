#!/usr/bin/env node
// Builds one package the way every package is built (`nx build <project>` runs it with the project's
// folder): its src compiled by tsc into its own dist (tsconfig.lib.json extends tsconfig.build.json), then
// every other file of src that is not a test (the log page's assets, a WSDL) copied beside the compiled
// files, since the code reads them from beside itself (__dirname).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const packageDir = path.resolve(process.argv[2] ?? '.');
const src = path.join(packageDir, 'src');
const dist = path.join(packageDir, 'dist');
if (!fs.existsSync(path.join(packageDir, 'tsconfig.lib.json'))) {
  console.error(`build-package: ${path.join(packageDir, 'tsconfig.lib.json')} not found`);
  process.exit(1);
}

// A clean dist: a file deleted from src must not live on in a tarball.
fs.rmSync(dist, { recursive: true, force: true });
const tsc = require.resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', path.join(packageDir, 'tsconfig.lib.json')], { stdio: 'inherit' });
} catch {
  process.exit(1);
}

const isSource = (name) => /\.(ts|tsx|mts|cts)$/.test(name) || /\.(spec|test)\./.test(name);
function copyAssets(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyAssets(source, target);
    else if (!isSource(entry.name)) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, target);
    }
  }
}
copyAssets(src, dist);

// Files from outside the package that its code needs once installed (the CLI's demo reads examples/demo):
// package.json names them as `"connector": { "bundle": { "<from, relative to the package>": "<to, under dist>" } }`.
const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
for (const [from, to] of Object.entries(manifest.connector?.bundle ?? {})) {
  const target = path.resolve(dist, to);
  if (!target.startsWith(dist + path.sep)) {
    console.error(`build-package: connector.bundle target ${to} is outside dist`);
    process.exit(1);
  }
  fs.cpSync(path.resolve(packageDir, from), target, { recursive: true });
}
