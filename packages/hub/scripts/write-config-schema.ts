// Writes packages/hub/connector.config.schema.json from the zod schema of the configuration, so editors
// can complete config files. Run after changing the schema (test/config.spec.ts fails until you do):
//   node -r ./tools/scripts/register.js packages/hub/scripts/write-config-schema.ts
import fs from 'node:fs';
import path from 'node:path';
import { configJsonSchema } from '../src/config/load-config';

const target = path.resolve(__dirname, '../connector.config.schema.json');
fs.writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), target)}`);
