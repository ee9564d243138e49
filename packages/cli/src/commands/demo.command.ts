import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { LogEntry } from '@connector/core';
import type { Hub, HubConfig } from '@connector/hub';
import type { CommandContext } from '../cli';
import { CliError, portInUse } from '../cli-error';
import { untilAborted } from '../cli-io';
import { loadCliConfig } from '../config/cli-config';
import { DEMO_FILES } from '../demo/demo-files';
// The sale coming back (two-way sync) is loaded with the demo as well.
const saleDemo = (): typeof import('../demo/demo-sale') => require('../demo/demo-sale');
import { renderLog } from '../output/log-view';
import { terminalWidth } from '../output/table';
import { findSimulator, type LoadedSimulator } from '../plugins/simulator-loader';

// Loaded when the demo runs (they bring core and the YAML parser): `connector --help` needs neither.
const yaml = (): typeof import('yaml') => require('yaml');
const seeding = (): typeof import('../demo/simulator-seed') => require('../demo/simulator-seed');
const xmlSender = (): typeof import('../demo/xml-api-sender') => require('../demo/xml-api-sender');
import { describeRecord } from './dlq.command';
import { coreModule, hubModule } from '../lazy';

interface DemoFlags {
  port?: string;
  dataDir?: string;
  config?: string;
  exit?: boolean;
  keepData?: boolean;
}

/**
 * The demo provider's API key, read from the configuration file as written: the loaded configuration
 * only keeps its SHA-256, and the demo must send with the key itself.
 */
function demoApiKey(file: string, env: Record<string, string | undefined>): { provider: string; apiKey: string } {
  const raw = yaml().parse(fs.readFileSync(file, 'utf8')) as { providers?: Array<{ id?: string; apiKey?: string }> };
  const provider = raw?.providers?.find((p) => typeof p.apiKey === 'string');
  if (!provider?.apiKey || !provider.id) throw new CliError(`${file}: the demo needs a provider with a clear apiKey to send with`);
  const apiKey = provider.apiKey.replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => env[name] ?? '');
  return { provider: provider.id, apiKey };
}

/** The data folder: the one asked for (must be empty, the demo's simulator starts empty), or a fresh temporary one. */
function demoDataDir(context: CommandContext, flags: DemoFlags): { dir: string; temporary: boolean } {
  const asked = flags.dataDir ?? context.io.env.CONNECTOR_DATA_DIR;
  if (!asked) return { dir: fs.mkdtempSync(path.join(os.tmpdir(), 'connector-demo-')), temporary: true };
  const dir = path.resolve(context.io.cwd, asked);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    // Its links would point at records the new (empty) simulator never had: start clean instead.
    throw new CliError(`the demo needs an empty data folder, and ${dir} is not empty (leave --data-dir out for a fresh temporary one)`);
  }
  fs.mkdirSync(dir, { recursive: true });
  return { dir, temporary: false };
}

async function startDemoSimulators(context: CommandContext, config: HubConfig): Promise<LoadedSimulator[]> {
  const started: LoadedSimulator[] = [];
  const seed = seeding().readSeed(DEMO_FILES.seed);
  for (const client of config.clients) {
    for (const turnUp of client.platforms) {
      const entry = findSimulator(turnUp.plugin);
      const wanted = turnUp.connection?.port ?? 0;
      let simulator: LoadedSimulator;
      try {
        simulator = await entry.start({ port: wanted });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        // Something (perhaps `connector simulate`) holds the configured port: the demo's own runs elsewhere.
        simulator = await entry.start({ port: 0 });
      }
      started.push(simulator);
      const simTurnUp = simulator.turnUp?.({ hubClubIds: Object.keys(turnUp.clubs) });
      if (simTurnUp) {
        // The hub must reach this simulator, wherever it ended up listening.
        Object.assign(turnUp, { connection: simTurnUp.connection, clubs: simTurnUp.clubs, options: { ...turnUp.options, ...simTurnUp.options } });
        await seeding().seedSimulator(simulator, seed, simTurnUp.clubs);
      }
      context.out(
        `Started the ${entry.packageName} simulator on ${simulator.url} for client ${client.id} (seeded with ${seed.staff?.length ?? 0} staff, ${seed.leadSources?.length ?? 0} lead source(s)).`,
      );
    }
  }
  return started;
}

/** True when nothing listens on host:port (checked before the hub starts, so it starts once). */
function portIsFree(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port }, () => probe.close(() => resolve(true)));
  });
}

/** `connector demo` (what `npm start` runs). */
export function registerDemoCommand(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .description(
      'run the whole thing on this machine: Acme simulator, hub on embedded SQLite, sample prospects and members sent through the XML API, a sale made in Acme coming back, then the Connector Log',
    )
    .option('-p, --port <port>', "the hub's port (default: $CONNECTOR_PORT, else the demo config's; a free one if that is taken)")
    .option('--data-dir <dir>', 'an empty data folder to use (default: $CONNECTOR_DATA_DIR, else a fresh temporary folder removed at the end)')
    .option('--exit', 'exit after printing the log (the default when stdout is not a terminal or CI is set)')
    .option('--keep-data', 'keep the temporary data folder at the end')
    .option('-c, --config <file>', 'the demo configuration', DEMO_FILES.config)
    .action(async (flags: DemoFlags) => {
      const env = context.io.env;
      const portAsked = flags.port !== undefined || !!env.CONNECTOR_PORT;
      const configFile = path.resolve(context.io.cwd, flags.config ?? DEMO_FILES.config);
      const data = demoDataDir(context, flags);
      const exitAfter = !!flags.exit || !context.io.stdout.isTTY || !!env.CI;
      const simulators: LoadedSimulator[] = [];
      let hub: Hub | undefined;
      try {
        const config = loadCliConfig(context.io, { config: configFile, port: flags.port, dataDir: data.dir });
        const { provider, apiKey } = demoApiKey(configFile, env);
        context.out(`Connector demo: data in ${data.dir}${data.temporary ? ' (temporary)' : ''}`);
        simulators.push(...(await startDemoSimulators(context, config)));

        if (!portAsked && !(await portIsFree(config.server.host, config.server.port))) {
          context.note(`port ${config.server.port} is taken: the demo hub uses a free one`);
          config.server.port = 0;
        }
        // The demo's output is the story it prints; the hub's JSON log lines are for --verbose.
        hub = await hubModule().createHub(config, { logger: coreModule().createLogger({ level: context.verbose ? 'info' : 'silent' }) });
        let url: string;
        try {
          ({ url } = await hub.listen());
        } catch (error) {
          throw portInUse(error, config.server.port) ?? error;
        }
        context.out(`The hub listens on ${url}\n`);

        for (const [i, file] of DEMO_FILES.batches.entries()) {
          const records = xmlSender().readXmlRecords(file);
          context.out(`Sending ${path.basename(file)} as ${provider} through the XML API (${records.length} records):`);
          for (const result of await xmlSender().sendXmlRecords(url, apiKey, records)) {
            context.out(`  POST ${xmlSender().describeRawRecord(result.record)} -> ${result.status} ${result.uuid ? `uuid ${result.uuid}` : result.error}`);
          }
          // Deliver this batch before the next: the second batch converts a prospect Acme must hold first.
          const settled = await hub.connector.drain(30_000);
          context.out(settled ? `  delivered.${i < DEMO_FILES.batches.length - 1 ? '\n' : ''}` : '  (some deliveries are still being retried)');
        }
        await saleDemo().demoSale(context, hub, config, simulators);

        context.out('\nThe Connector Log:\n');
        // The demo indents the log by two more columns than `connector log`.
        const width = terminalWidth(context.io.stdout);
        for (const client of config.clients) {
          const entries: LogEntry[] = await hub.store.listLog({ clientId: client.id, limit: 1000 });
          context.out(`Client ${client.id}${client.name ? ` (${client.name})` : ''}`);
          context.out(entries.length ? renderLog(entries, client, { width: width && width - 2 }).replace(/^(?=.)/gm, '  ') : '  (no entries)');
          const dead = await hub.store.listDeadLetters({ clientId: client.id });
          if (dead.length) {
            context.out(`\n  Dead letters (${dead.length}), kept until replayed after a fix:`);
            for (const letter of dead) {
              context.out(
                `    ${letter.id}  ${describeRecord(await hub.store.getRecord(letter.recordUuid))} -> ${letter.platform}: ${letter.lastError ?? letter.lastErrorCode ?? '?'}`,
              );
            }
          }
          context.out('');
        }
        for (const simulator of simulators) {
          const people = (await simulator.people?.()) ?? [];
          context.out(`The simulator at ${simulator.url} now holds ${people.length} people:`);
          for (const person of people)
            context.out(
              `  ${person.type.padEnd(8)} ${person.firstName} ${person.lastName}${person.email ? ` <${person.email}>` : ''} (club ${person.clubId ?? '?'})`,
            );
        }

        context.out(`\nThe hub listens on ${url}`);
        context.out(
          `  send a record: curl -H 'Authorization: Bearer ${apiKey}' -H 'Content-Type: application/xml' --data-binary @examples/demo/records/single-prospect.xml ${url}/connector/api/2011-11/user`,
        );
        context.out(`  the JSON API:  ${url}/api/v1 (same key)`);
        context.out(`  the Connector Log page: ${url}/log (operator and password: see operators in examples/demo/connector.config.yaml)`);
        if (exitAfter) {
          context.out('Exiting (--exit, CI, or no terminal).');
          return;
        }
        context.out('Press Ctrl-C to stop.');
        await untilAborted(context.io.shutdown);
      } finally {
        await hub?.close();
        for (const simulator of simulators) await simulator.close();
        if (data.temporary && !flags.keepData) fs.rmSync(data.dir, { recursive: true, force: true });
        else if (data.temporary) context.note(`data kept in ${data.dir}`);
      }
    });
}
