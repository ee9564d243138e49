import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** The repository root (this file is packages/testing/src/). */
const ROOT = path.resolve(__dirname, '../../..');

/** What loading a plugin package by name did, in a fresh node process: see {@link loadPluginEntry}. */
export interface PluginEntryLoad {
  id: string;
  displayName: string;
  secretOptions: string[];
  /** The files of fastify or of a simulator that loading the entry pulled in: none, for a plugin. */
  serverModules: string[];
}

/*
 * Runs in a separate node process, as the hub loads plugins by package name from configuration: the jest
 * module registry would hide what loading the package really does.
 */
const script = (packageName: string) => `
const { loadPlugin } = require('@connector/core');
const plugin = loadPlugin(${JSON.stringify(packageName)});
const serverModules = Object.keys(require.cache).filter((file) => /[\\\\/]fastify[\\\\/]|simulator/.test(file));
console.log(JSON.stringify({ id: plugin.id, displayName: plugin.displayName, secretOptions: plugin.secretOptions, serverModules }));
`;

/**
 * Loads a plugin package by name in a fresh node process, as the hub does, and reports what it is and
 * which server modules (fastify, a simulator) came with it: a simulator's server is for tests and
 * `connector simulate`, never a plugin's runtime. The process must exit on its own: a server or timer
 * started on import keeps it alive, and the load fails after `timeoutMs`.
 */
export async function loadPluginEntry(packageName: string, options: { timeoutMs?: number } = {}): Promise<PluginEntryLoad> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', './tools/scripts/register.js', '-e', script(packageName)], {
    cwd: ROOT,
    timeout: options.timeoutMs ?? 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as PluginEntryLoad;
}
