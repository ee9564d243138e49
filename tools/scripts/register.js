// Runs the TypeScript sources directly (no build step): `node -r ./tools/scripts/register.js file.ts`.
// ts-node keeps decorator metadata, which tsyringe reads; type checking is left to `npm run typecheck`.
const path = require('node:path');
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
require('ts-node').register({
  transpileOnly: true,
  project: path.resolve(__dirname, '../../tsconfig.base.json'),
  compilerOptions: { sourceMap: true, declaration: false },
});
require('reflect-metadata');
