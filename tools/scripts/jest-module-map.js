// Maps the workspace's @connector/* aliases (tsconfig.base.json "paths") for jest, so every test runs
// against the TypeScript sources of its sibling packages rather than a build.
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

const root = path.resolve(__dirname, '../..');
const map = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  map[`^${alias.replace(/[/.]/g, (c) => `\\${c}`)}$`] = path.join(root, target);
}
module.exports = map;
