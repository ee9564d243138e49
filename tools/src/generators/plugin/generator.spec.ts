import { readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { insertPathAliases, pluginGenerator } from './generator';

function files(tree: Tree, root: string): string[] {
  return tree
    .listChanges()
    .map((change) => change.path)
    .filter((path) => path.startsWith(`${root}/`))
    .map((path) => path.slice(root.length + 1))
    .sort();
}

function read(tree: Tree, path: string): string {
  const content = tree.read(path, 'utf-8');
  if (content === null) throw new Error(`${path} was not generated`);
  return content;
}

describe('plugin generator', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace({ formatter: 'none' });
  });

  describe('with the defaults (REST, every entity)', () => {
    beforeEach(() => pluginGenerator(tree, { name: 'demo-gen' }));

    it('creates the package, its tests and its simulator skeleton', () => {
      expect(files(tree, 'plugins/demo-gen')).toEqual([
        'README.md',
        'jest.config.ts',
        'package.json',
        'project.json',
        'src/demo-gen.options.ts',
        'src/demo-gen.plugin.ts',
        'src/index.ts',
        'src/operations/check.operation.ts',
        'src/operations/find.operations.ts',
        'src/operations/lead-sources.operations.ts',
        'src/operations/members.operations.ts',
        'src/operations/prospects.operations.ts',
        'src/operations/staff.operations.ts',
        'src/simulator/demo-gen.simulator.ts',
        'src/simulator/index.ts',
        'test/conformance.spec.ts',
        'tsconfig.json',
        'tsconfig.lib.json',
        'tsconfig.spec.json',
      ]);
    });

    it('writes a package.json with the scoped name and both entry points', () => {
      expect(readJson(tree, 'plugins/demo-gen/package.json')).toMatchObject({
        name: '@connector/plugin-demo-gen',
        main: './dist/index.js',
        types: './dist/index.d.ts',
        files: ['dist'],
        dependencies: { '@connector/core': '*' },
        exports: {
          '.': { types: './dist/index.d.ts', default: './dist/index.js' },
          './simulator': { types: './dist/simulator/index.d.ts', default: './dist/simulator/index.js' },
        },
      });
    });

    it("adds the nx project with a build target like acme's", () => {
      const project = readJson(tree, 'plugins/demo-gen/project.json');
      expect(project).toMatchObject({ name: 'demo-gen', sourceRoot: 'plugins/demo-gen/src', projectType: 'library', tags: ['type:plugin'] });
      // Everything else of the build comes from nx.json's targetDefaults, as for every package.
      expect(project.targets.build).toEqual({});
      expect(readJson(tree, 'plugins/demo-gen/tsconfig.lib.json').extends).toBe('../../tsconfig.build.json');
      expect(read(tree, 'plugins/demo-gen/jest.config.ts')).toContain("preset: '../../jest.preset.js'");
      expect(readJson(tree, 'plugins/demo-gen/tsconfig.json').extends).toBe('../../tsconfig.base.json');
    });

    it('maps @connector/plugin-demo-gen and its simulator in tsconfig.base.json', () => {
      expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths).toEqual({
        '@connector/plugin-demo-gen': ['./plugins/demo-gen/src/index.ts'],
        '@connector/plugin-demo-gen/simulator': ['./plugins/demo-gen/src/simulator/index.ts'],
      });
    });

    it('default-exports the definePlugin value and declares every chosen operation, listed as not implemented yet', () => {
      expect(read(tree, 'plugins/demo-gen/src/index.ts')).toMatch(/^import \{ demoGenPlugin \} from '\.\/demo-gen\.plugin';\n\nexport default demoGenPlugin;/);
      const definition = read(tree, 'plugins/demo-gen/src/demo-gen.plugin.ts');
      expect(definition).toContain("export const demoGenNotImplementedYet = ['prospects', 'members', 'staff', 'leadSources', 'find'] as const");
      expect(definition).toContain('export const demoGenPlugin = definePlugin({');
      for (const line of [
        'prospects: DemoGenProspects,',
        'members: DemoGenMembers,',
        'staff: DemoGenStaffList,',
        'leadSources: DemoGenLeadSources,',
        'find: DemoGenFind,',
        'check: DemoGenCheck,',
      ]) {
        expect(definition).toContain(`    ${line}\n`);
      }
      expect(definition).toContain("displayName: 'Demo Gen'");
    });

    it('marks the turn-up secret in the options schema', () => {
      expect(read(tree, 'plugins/demo-gen/src/demo-gen.options.ts')).toContain("apiKey: secret(z.string().min(1, 'must not be empty'))");
    });

    it('imports nothing of core but its plugin face, and injects the options by their typed token', () => {
      const sources = files(tree, 'plugins/demo-gen').filter((path) => path.endsWith('.ts'));
      for (const path of sources) {
        const imports = [...read(tree, `plugins/demo-gen/${path}`).matchAll(/from '(@connector\/core[^']*)'/g)].map((match) => match[1]);
        expect({ path, imports: imports.filter((name) => name !== '@connector/core/plugin') }).toEqual({ path, imports: [] });
      }
      expect(read(tree, 'plugins/demo-gen/src/demo-gen.options.ts')).toContain('export const DemoGenOptionsToken = pluginOptionsToken(demoGenOptionsSchema);');
      expect(read(tree, 'plugins/demo-gen/src/operations/check.operation.ts')).toContain(
        '@inject(DemoGenOptionsToken) private readonly options: DemoGenOptions',
      );
    });

    it('makes every unimplemented method throw a NotImplementedError saying what to do', () => {
      const prospects = read(tree, 'plugins/demo-gen/src/operations/prospects.operations.ts');
      expect(prospects).toContain(
        'throw new NotImplementedError("demo-gen: prospects.create is not implemented yet: map PersonWrite to Demo Gen\'s API and call it through core\'s transport");',
      );
      expect(prospects).toContain('demo-gen: prospects.update is not implemented yet');
      expect(prospects).toContain('@inject(RestTransportToken) private readonly http: RestTransport');
      expect(read(tree, 'plugins/demo-gen/src/operations/members.operations.ts')).toContain('demo-gen: members.create is not implemented yet');
      expect(read(tree, 'plugins/demo-gen/src/operations/staff.operations.ts')).toContain('demo-gen: staff.list is not implemented yet');
      const leadSources = read(tree, 'plugins/demo-gen/src/operations/lead-sources.operations.ts');
      for (const method of ['list', 'create', 'update']) expect(leadSources).toContain(`demo-gen: leadSources.${method} is not implemented yet`);
      expect(read(tree, 'plugins/demo-gen/src/operations/find.operations.ts')).toContain('demo-gen: find is not implemented yet');
    });

    it('starts the simulator skeleton on 127.0.0.1 and hands it to the conformance kit once', () => {
      const simulator = read(tree, 'plugins/demo-gen/src/simulator/demo-gen.simulator.ts');
      expect(simulator).toContain('class DemoGenSimulatorServer implements DemoGenSimulator');
      expect(simulator).toContain("this.server.listen(this.options.port ?? 0, '127.0.0.1'");
      expect(read(tree, 'plugins/demo-gen/src/simulator/index.ts')).toContain("export { startDemoGenSimulator } from './demo-gen.simulator';");
      const spec = read(tree, 'plugins/demo-gen/test/conformance.spec.ts');
      expect(spec.match(/describePluginConformance\(/g)).toHaveLength(1);
      expect(spec).toContain(
        'describePluginConformance(demoGenPlugin, {\n  simulator: () => startDemoGenSimulator(),\n  notImplemented: demoGenNotImplementedYet,\n});',
      );
    });

    it('lists in the README what the author fills in', () => {
      const readme = read(tree, 'plugins/demo-gen/README.md');
      expect(readme).toContain('# @connector/plugin-demo-gen');
      expect(readme).toContain('Still to do as generated: `prospects`, `members`, `staff`, `leadSources`, `find`.');
      expect(readme).toContain('placeholder `GET /ping`');
      expect(readme).not.toContain('wsdl');
    });
  });

  it('scaffolds only the chosen entities, with find for people', async () => {
    await pluginGenerator(tree, { name: 'motionsoft', entities: ['prospects', 'staff'] });
    const operations = files(tree, 'plugins/motionsoft').filter((path) => path.startsWith('src/operations/'));
    expect(operations).toEqual([
      'src/operations/check.operation.ts',
      'src/operations/find.operations.ts',
      'src/operations/prospects.operations.ts',
      'src/operations/staff.operations.ts',
    ]);
    const definition = read(tree, 'plugins/motionsoft/src/motionsoft.plugin.ts');
    expect(definition).toContain("export const motionsoftNotImplementedYet = ['prospects', 'staff', 'find'] as const");
    expect(definition).not.toMatch(/members|leadSources:/);
  });

  it('accepts the entities as one comma-separated string and scaffolds no find without people', async () => {
    await pluginGenerator(tree, { name: 'roster', entities: 'staff, lead-sources', displayName: 'Roster Pro' });
    expect(files(tree, 'plugins/roster').filter((path) => path.startsWith('src/operations/'))).toEqual([
      'src/operations/check.operation.ts',
      'src/operations/lead-sources.operations.ts',
      'src/operations/staff.operations.ts',
    ]);
    expect(read(tree, 'plugins/roster/src/roster.plugin.ts')).toContain("displayName: 'Roster Pro'");
    expect(read(tree, 'plugins/roster/src/roster.plugin.ts')).toContain("['staff', 'leadSources'] as const");
  });

  describe('with --protocol soap', () => {
    beforeEach(() => pluginGenerator(tree, { name: 'jonas', protocol: 'soap', entities: ['prospects', 'members'] }));

    it('injects the SOAP transport factory instead of the REST transport', () => {
      for (const file of ['prospects.operations.ts', 'members.operations.ts', 'find.operations.ts', 'check.operation.ts']) {
        const source = read(tree, `plugins/jonas/src/operations/${file}`);
        expect(source).toContain('@inject(SoapTransportFactoryToken) private readonly soap: SoapTransportFactory');
        expect(source).not.toContain('RestTransport');
      }
    });

    it('points the service at a placeholder WSDL (the build copies every non-TypeScript file of src) and the README says to replace', () => {
      expect(read(tree, 'plugins/jonas/src/jonas.service.ts')).toContain("wsdl: path.join(__dirname, 'wsdl', 'jonas.wsdl')");
      expect(read(tree, 'plugins/jonas/src/wsdl/jonas.wsdl')).toContain('<wsdl:operation name="Check">');
      expect(read(tree, 'plugins/jonas/README.md')).toContain('point `wsdl` at the vendor file');
      expect(readJson(tree, 'plugins/jonas/package.json').dependencies).toEqual({ '@connector/core': '*', soap: '1.13.0' });
    });

    it('serves that WSDL from a node-soap simulator', () => {
      const simulator = read(tree, 'plugins/jonas/src/simulator/jonas.simulator.ts');
      expect(simulator).toContain('soap.listen(this.server, {');
      expect(simulator).toContain('fs.readFileSync(jonasService.wsdl');
    });
  });

  describe('refuses', () => {
    it('a name that is not kebab-case', async () => {
      await expect(pluginGenerator(tree, { name: 'MindBody' })).rejects.toThrow(
        'The plugin name must be lower-case kebab-case (e.g. "motionsoft", "abc-datatrak"), got "MindBody"',
      );
    });

    it('an unknown entity', async () => {
      await expect(pluginGenerator(tree, { name: 'jonas', entities: 'prospects,coaches' })).rejects.toThrow(
        '--entities: unknown "coaches"; choose from prospects, members, staff, lead-sources',
      );
    });

    it('a folder that exists, without touching it', async () => {
      tree.write('plugins/acme/package.json', '{}');
      await expect(pluginGenerator(tree, { name: 'acme' })).rejects.toThrow('plugins/acme already exists');
      expect(tree.read('plugins/acme/package.json', 'utf-8')).toBe('{}');
    });

    it('an alias that is already mapped', async () => {
      tree.write('tsconfig.base.json', JSON.stringify({ compilerOptions: { paths: { '@connector/plugin-jonas': ['./elsewhere.ts'] } } }));
      await expect(pluginGenerator(tree, { name: 'jonas' })).rejects.toThrow('tsconfig.base.json already maps @connector/plugin-jonas');
    });
  });

  it('keeps the layout of tsconfig.base.json: one alias per line, nothing else rewritten', async () => {
    const before = [
      '{',
      '  "compilerOptions": {',
      '    "baseUrl": ".",',
      '    "types": ["node", "jest"],',
      '    "paths": {',
      '      "@connector/core": ["./packages/core/src/index.ts"],',
      '      "@connector/tools": ["./tools/src/index.ts"]',
      '    }',
      '  },',
      '  "exclude": ["node_modules", "tmp"]',
      '}',
      '',
    ].join('\n');
    tree.write('tsconfig.base.json', before);
    await pluginGenerator(tree, { name: 'jonas' });
    expect(tree.read('tsconfig.base.json', 'utf-8')).toBe(
      before.replace(
        '"@connector/tools": ["./tools/src/index.ts"]\n',
        '"@connector/tools": ["./tools/src/index.ts"],\n' +
          '      "@connector/plugin-jonas": ["./plugins/jonas/src/index.ts"],\n' +
          '      "@connector/plugin-jonas/simulator": ["./plugins/jonas/src/simulator/index.ts"]\n',
      ),
    );
  });

  it('leaves a tsconfig with comments to a plain JSON rewrite', () => {
    expect(insertPathAliases('{ /* c */ "compilerOptions": { "paths": {} } }', { a: ['./a.ts'] })).toBeUndefined();
  });

  it('does not fail when the workspace configures a formatter that is not installed', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const formatted = createTreeWithEmptyWorkspace({ formatter: 'prettier' });
      await pluginGenerator(formatted, { name: 'demo-gen' });
      expect(formatted.exists('plugins/demo-gen/src/demo-gen.plugin.ts')).toBe(true);
    } finally {
      warn.mockRestore();
    }
  });
});
