// Runs the plugin generator into a workspace folder, in a process of its own as `nx g` does: there the
// generator's formatFiles can load Prettier (a dynamic import, which jest's module sandbox refuses).
// Usage: node -r tools/scripts/register.js tools/test/support/generate-plugin.ts <root> '<schema json>'
import { FsTree, flushChanges } from 'nx/src/generators/tree';
import { pluginGenerator } from '../../src/generators/plugin/generator';
import type { PluginGeneratorSchema } from '../../src/generators/plugin/schema';

async function main(): Promise<void> {
  const [root, schema] = process.argv.slice(2);
  const tree = new FsTree(root, false);
  await pluginGenerator(tree, JSON.parse(schema) as PluginGeneratorSchema);
  flushChanges(root, tree.listChanges());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
