import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { definePlugin, RestTransportToken, secret, type RestTransport } from '@connector/core';
import { inject, injectable } from 'tsyringe';
import { z } from 'zod';
import type { PlatformSimulator } from './simulator';
import { turnUpOnSimulator } from './turn-up';

const optionsSchema = z.object({ apiKey: secret(z.string()), region: z.string() });

@injectable()
class PingCheck {
  constructor(@inject(RestTransportToken) private readonly http: RestTransport) {}
  async check() {
    return { detail: (await this.http.get<{ pong: string }>('/ping')).data.pong };
  }
}

const pingPlugin = definePlugin({
  id: 'ping',
  displayName: 'Ping',
  version: '1.0.0',
  connection: 'required',
  transport: { protocol: 'rest' },
  options: optionsSchema,
  operations: {
    check: PingCheck,
    staff: class {
      async list() {
        return [];
      }
    },
  },
});

/** The smallest simulator: answers GET /ping, counts the calls. */
async function startPingSimulator(): Promise<PlatformSimulator & { served: number }> {
  let served = 0;
  const server = http.createServer((_req, res) => {
    served++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ pong: 'pong' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get served() {
      return served;
    },
    turnUp: ({ hubClubIds, badCredentials }) => ({
      connection: { scheme: 'http', host: '127.0.0.1', port },
      clubs: Object.fromEntries(hubClubIds.map((id, i) => [id, `p-${i + 1}`])),
      options: { apiKey: badCredentials ? 'wrong-key' : 'sim-key', region: 'eu' },
    }),
    people: async () => [],
    addStaff: async () => 's-1',
    leadSources: async () => [],
    addLeadSource: async () => 'ls-1',
    calls: () => ({ check: served }),
    failNext: () => undefined,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('turnUpOnSimulator', () => {
  it('turns the plugin up on a fresh simulator, with typed options, and closes both', async () => {
    const ping = await turnUpOnSimulator(pingPlugin, startPingSimulator, { clubIds: ['north'], timeZone: 'Europe/Paris' });
    await expect(ping.runtime.check.check()).resolves.toEqual({ detail: 'pong' });
    expect(ping.simulator.served).toBe(1);
    expect(ping.runtime.options.region).toBe('eu');
    expect(ping.runtime.clubContext('north')).toEqual({ hubClubId: 'north', platformClubId: 'p-1', timeZone: 'Europe/Paris' });
    expect(ping.turnUp({ badCredentials: true, clubs: { north: 'p-9' } }).options.apiKey).toBe('wrong-key');
    await ping.close();
    await expect(fetch(`${ping.simulator.url}/ping`)).rejects.toThrow();
  });

  it("captures the log lines, with the turn-up's secrets redacted", async () => {
    const ping = await turnUpOnSimulator(pingPlugin, startPingSimulator);
    try {
      ping.runtime.logger.info('calling with sim-key');
      expect(ping.log.lines.join('\n')).toContain('calling with [REDACTED]');
    } finally {
      await ping.close();
    }
  });
});

describe('turnUpOnSimulator, when the runtime refuses the turn-up', () => {
  it('stops the simulator it started and says why', async () => {
    let started: (PlatformSimulator & { served: number }) | undefined;
    const turnUp = turnUpOnSimulator(pingPlugin, async () => (started = await startPingSimulator()), { clubs: { elsewhere: 'p-1' } });
    await expect(turnUp).rejects.toThrow('clubs.elsewhere is not a club of the client');
    await expect(fetch(`${started!.url}/ping`)).rejects.toThrow();
  });
});
