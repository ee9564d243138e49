import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runCli, tempDir, writeConfig } from './cli-test-kit';

describe('the same problem, the same message from every command', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('a port in use: serve and simulate say it alike, naming the port and the flag', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const config = writeConfig(tmp.dir, { file: 'port.yaml' });
      const serve = await runCli(['serve', '--config', config, '--port', String(port)]);
      const simulate = await runCli(['simulate', 'acme', '--port', String(port)]);
      const expected = `error: port ${port} is in use by another process: choose another with --port\n`;
      expect(serve).toMatchObject({ code: 1, stderr: expected });
      expect(simulate).toMatchObject({ code: 1, stderr: expected });
    } finally {
      holder.close();
    }
  }, 30_000);

  it('a YAML error: the file, the line and column, the reason and the line as written, from serve, config check and simulate --seed', async () => {
    const broken = path.join(tmp.dir, 'broken.yaml');
    fs.writeFileSync(broken, 'store:\n  type: sqlite\n  dataDir: [data\nserver: {}\n');
    const line = /not valid YAML: line \d+, column \d+: .+ \(the line: ".+"\)\n$/;
    for (const argv of [
      ['serve', '--config', broken],
      ['config', 'check', '--config', broken],
    ]) {
      const result = await runCli(argv);
      expect(result.code).toBe(1);
      expect(result.stderr.startsWith(`error: ${broken}: `)).toBe(true);
      expect(result.stderr).toMatch(line);
    }
    const seeded = await runCli(['simulate', 'acme', '--port', '0', '--seed', broken]);
    expect(seeded.code).toBe(1);
    expect(seeded.stderr.startsWith(`error: ${broken}: `)).toBe(true);
    expect(seeded.stderr).toMatch(line);
  }, 30_000);

  it('an unknown option is named with the closest known one, by every command', async () => {
    for (const [argv, meant] of [
      [['serve', '--confg', 'x.yaml'], '--config'],
      [['import', 'x.ndjson', '--client', '1111', '--confg', 'x.yaml'], '--config'],
      [['log', '--client', '1111', '--levl', 'error'], '--level'],
    ] as const) {
      const result = await runCli([...argv]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`(Did you mean ${meant}?)`);
    }
  });
});
