import { run, type CliIo } from '../src';

/** A terminal of `columns` columns that keeps what was written. */
function terminal(columns: number) {
  let text = '';
  return { output: { isTTY: true, columns, write: (chunk: string) => (text += chunk) }, text: () => text };
}

const COMMANDS = ['serve', 'turnup check', 'import', 'log', 'dlq list', 'plugins list', 'simulate', 'demo', 'config check', 'backup'];

describe('help fits the terminal', () => {
  // Commander wraps the option and command lists at the terminal's width; the examples each command
  // adds after them are written under 100 columns.
  it.each([
    [50, [['--help']]],
    [100, [['--help'], ...COMMANDS.map((command) => [...command.split(' '), '--help'])]],
  ])('at %i columns', async (columns, commands) => {
    for (const argv of commands) {
      const out = terminal(columns);
      const io: CliIo = { stdout: out.output, stderr: out.output, env: {}, cwd: process.cwd(), shutdown: new AbortController().signal };
      expect(await run(argv, io)).toBe(0);
      const lines = out.text().split('\n');
      expect(lines.length).toBeGreaterThan(3);
      expect(lines.filter((line) => line.length > columns)).toEqual([]);
    }
  });
});
