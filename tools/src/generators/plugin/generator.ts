import { addProjectConfiguration, formatFiles, generateFiles, names, offsetFromRoot, readJson, updateJson, type Tree } from '@nx/devkit';
import path from 'node:path';
import type { PluginEntity, PluginGeneratorSchema } from './schema';

/** Every entity the generator knows, in the order the contract lists them. */
export const PLUGIN_ENTITIES: readonly PluginEntity[] = ['prospects', 'members', 'staff', 'lead-sources'];

/** The operation keys of `definePlugin` a generated plugin declares but has not implemented yet. */
export type PendingOperation = 'prospects' | 'members' | 'staff' | 'leadSources' | 'find';

/** What the templates receive. */
export interface NormalizedPluginOptions {
  /** The plugin id, folder and nx project name (kebab-case); `__name__` in template paths. */
  name: string;
  displayName: string;
  /** `DemoGen` for `demo-gen`: prefixes every class. */
  className: string;
  /** `demoGen` for `demo-gen`: prefixes every exported value. */
  propertyName: string;
  protocol: 'rest' | 'soap';
  projectRoot: string;
  packageName: string;
  entities: Record<'prospects' | 'members' | 'staff' | 'leadSources', boolean>;
  /** Whether a `find` class is scaffolded (a platform that holds people can usually search them). */
  find: boolean;
  /** The operation keys the generated definition lists as not implemented yet. */
  pending: PendingOperation[];
  /** How operation classes reach the platform: core's REST transport or its SOAP transport factory. */
  transport: { token: string; type: string; field: string };
}

const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function parseEntities(input: PluginGeneratorSchema['entities']): PluginEntity[] {
  const raw = input === undefined ? [...PLUGIN_ENTITIES] : typeof input === 'string' ? input.split(',') : input;
  const entities = raw.map((entity) => entity.trim()).filter(Boolean);
  const unknown = entities.filter((entity) => !PLUGIN_ENTITIES.includes(entity as PluginEntity));
  if (unknown.length > 0) {
    throw new Error(`--entities: unknown ${unknown.map((e) => JSON.stringify(e)).join(', ')}; choose from ${PLUGIN_ENTITIES.join(', ')}`);
  }
  if (entities.length === 0) throw new Error(`--entities: give at least one of ${PLUGIN_ENTITIES.join(', ')}`);
  return entities as PluginEntity[];
}

/** Checks the options against the workspace and derives every name the templates use. */
export function normalizeOptions(tree: Tree, schema: PluginGeneratorSchema): NormalizedPluginOptions {
  const name = schema.name?.trim() ?? '';
  if (!ID_PATTERN.test(name)) {
    throw new Error(`The plugin name must be lower-case kebab-case (e.g. "motionsoft", "abc-datatrak"), got ${JSON.stringify(schema.name)}`);
  }
  const protocol = schema.protocol ?? 'rest';
  if (protocol !== 'rest' && protocol !== 'soap') throw new Error(`--protocol must be rest or soap, got ${JSON.stringify(protocol)}`);
  const chosen = new Set(parseEntities(schema.entities));
  const projectRoot = `plugins/${name}`;
  if (tree.exists(projectRoot)) throw new Error(`${projectRoot} already exists: choose another name or remove it first`);
  const packageName = `@connector/plugin-${name}`;
  if (!tree.exists('tsconfig.base.json')) throw new Error('tsconfig.base.json not found: run the generator from the workspace root');

  const entities = {
    prospects: chosen.has('prospects'),
    members: chosen.has('members'),
    staff: chosen.has('staff'),
    leadSources: chosen.has('lead-sources'),
  };
  const find = entities.prospects || entities.members;
  const pending = (Object.keys(entities) as PendingOperation[]).filter((key) => entities[key as keyof typeof entities]);
  if (find) pending.push('find');
  const displayName =
    schema.displayName?.trim() ||
    name
      .split('-')
      .map((word) => word[0].toUpperCase() + word.slice(1))
      .join(' ');
  // The display name is written into string literals and Markdown as it is.
  if (/["'`\\<>]/.test(displayName))
    throw new Error(`--displayName must not contain quotes, backslashes or angle brackets, got ${JSON.stringify(displayName)}`);
  const { className, propertyName } = names(name);
  return {
    name,
    displayName,
    className,
    propertyName,
    protocol,
    projectRoot,
    packageName,
    entities,
    find,
    pending,
    transport:
      protocol === 'soap'
        ? { token: 'SoapTransportFactoryToken', type: 'SoapTransportFactory', field: 'soap' }
        : { token: 'RestTransportToken', type: 'RestTransport', field: 'http' },
  };
}

function addFiles(tree: Tree, options: NormalizedPluginOptions): void {
  const substitutions = {
    ...options,
    offsetFromRoot: offsetFromRoot(options.projectRoot),
    tmpl: '',
  };
  const from = (folder: string) => path.join(__dirname, 'files', folder);
  generateFiles(tree, from('common'), options.projectRoot, substitutions);
  generateFiles(tree, from(options.protocol), options.projectRoot, substitutions);
  if (options.entities.prospects) generateFiles(tree, from('prospects'), options.projectRoot, substitutions);
  if (options.entities.members) generateFiles(tree, from('members'), options.projectRoot, substitutions);
  if (options.entities.staff) generateFiles(tree, from('staff'), options.projectRoot, substitutions);
  if (options.entities.leadSources) generateFiles(tree, from('lead-sources'), options.projectRoot, substitutions);
  if (options.find) generateFiles(tree, from('find'), options.projectRoot, substitutions);
}

function addProject(tree: Tree, options: NormalizedPluginOptions): void {
  const { projectRoot } = options;
  addProjectConfiguration(tree, options.name, {
    root: projectRoot,
    sourceRoot: `${projectRoot}/src`,
    projectType: 'library',
    tags: ['type:plugin'],
    // Built as every package is (nx.json's targetDefaults.build): src compiled to the package's dist,
    // the other files of src (a WSDL) copied beside the compiled code.
    targets: { build: {} },
  });
}

/**
 * Adds `entries` to `compilerOptions.paths` of a JSON text by inserting them after the last alias, so the
 * rest of the file keeps its layout (one alias per line); undefined when the text is not plain JSON with
 * a `paths` object, or the insertion would not parse back to the expected paths.
 */
export function insertPathAliases(text: string, entries: Record<string, string[]>): string | undefined {
  let before: { compilerOptions?: { paths?: Record<string, string[]> } };
  try {
    before = JSON.parse(text);
  } catch {
    return undefined;
  }
  const paths = before.compilerOptions?.paths;
  const key = /"paths"\s*:\s*\{/.exec(text);
  if (!paths || !key) return undefined;
  const open = key.index + key[0].length - 1;
  let close = -1;
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length && close < 0; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) close = i;
  }
  if (close < 0) return undefined;
  const added = Object.entries(entries).map(([alias, targets]) => `${JSON.stringify(alias)}: ${JSON.stringify(targets)}`);
  let result: string;
  if (text.slice(open + 1, close).trim() === '') {
    result = `${text.slice(0, open + 1)}${added.join(', ')}${text.slice(close)}`;
  } else {
    const lastEnd = open + 1 + text.slice(open + 1, close).trimEnd().length;
    const indent = /\n([ \t]*)[^\n]*$/.exec(text.slice(0, lastEnd))?.[1] ?? '';
    result = `${text.slice(0, lastEnd)}${added.map((line) => `,\n${indent}${line}`).join('')}${text.slice(lastEnd)}`;
  }
  try {
    const after = JSON.parse(result) as typeof before;
    return JSON.stringify(after.compilerOptions?.paths) === JSON.stringify({ ...paths, ...entries }) ? result : undefined;
  } catch {
    return undefined;
  }
}

/** Registers the package's two entry points; jest maps them too (tools/scripts/jest-module-map.js). */
function addPathAliases(tree: Tree, options: NormalizedPluginOptions): void {
  const entries = {
    [options.packageName]: [`./${options.projectRoot}/src/index.ts`],
    [`${options.packageName}/simulator`]: [`./${options.projectRoot}/src/simulator/index.ts`],
  };
  const current = readJson<{ compilerOptions?: { paths?: Record<string, string[]> } }>(tree, 'tsconfig.base.json');
  const taken = Object.keys(entries).filter((alias) => current.compilerOptions?.paths?.[alias]);
  if (taken.length > 0) throw new Error(`tsconfig.base.json already maps ${taken.join(' and ')}`);
  const edited = insertPathAliases(tree.read('tsconfig.base.json', 'utf-8') ?? '', entries);
  if (edited !== undefined) {
    tree.write('tsconfig.base.json', edited);
    return;
  }
  // Comments or an unusual layout: rewrite the file as JSON instead.
  updateJson(tree, 'tsconfig.base.json', (json) => {
    json.compilerOptions ??= {};
    json.compilerOptions.paths = { ...json.compilerOptions.paths, ...entries };
    return json;
  });
}

/**
 * `nx g @connector/tools:plugin <name>`: scaffolds plugins/<name> (see README of the generated package
 * for what its author fills in) and registers it in the workspace.
 */
export async function pluginGenerator(tree: Tree, schema: PluginGeneratorSchema): Promise<void> {
  const options = normalizeOptions(tree, schema);
  addFiles(tree, options);
  addProject(tree, options);
  addPathAliases(tree, options);
  // formatFiles formats only when the workspace has prettier (or oxfmt) installed; otherwise it returns.
  if (!schema.skipFormat) await formatFiles(tree);
}

export default pluginGenerator;
