#!/usr/bin/env node
// The `connector` command in the workspace: runs the TypeScript sources directly (no build step).
require('../../../tools/scripts/register.js');
require('../src/main.ts');
