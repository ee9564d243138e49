// Runs the TypeScript sources directly (no build step): `node -r ./tools/scripts/register.js file.ts`.
// ts-node keeps decorator metadata, which tsyringe reads; type checking is left to `npm run typecheck`.
// The packages' package.json point at their compiled dist (what a user installs), so the workspace's
// @connector/* names are resolved here to their sources, from the same tsconfig.base.json "paths" that
// tsc and jest (tools/scripts/jest-module-map.js) read: a development run never needs a build.
const Module = require('node:module');
const path = require('node:path');
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
require('ts-node').register({
  transpileOnly: true,
  project: path.resolve(__dirname, '../../tsconfig.base.json'),
  compilerOptions: { sourceMap: true, declaration: false },
});
require('reflect-metadata');

const root = path.resolve(__dirname, '../..');
const { compilerOptions } = require('../../tsconfig.base.json');
const sources = new Map(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, path.join(root, target)]));
const resolveFilename = Module._resolveFilename;
// Module._resolveFilename is what tsconfig-paths hooks too: the one place every require() resolves through.
Module._resolveFilename = function resolveToSource(request, ...rest) {
  const source = sources.get(request);
  return resolveFilename.call(this, source ?? request, ...rest);
};
