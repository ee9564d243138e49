#!/usr/bin/env node
// The `connector` command: the compiled CLI (`npm run build` makes dist; an installed package has it).
const fs = require('node:fs');
const path = require('node:path');

const main = path.join(__dirname, '../dist/main.js');
if (!fs.existsSync(main)) {
  process.stderr.write(
    'error: the connector command is not built (dist/main.js is missing): run `npm run build` in the workspace, ' +
      'or `npm run connector -- <args>` to run it from the sources\n',
  );
  process.exit(1);
}
require(main);
