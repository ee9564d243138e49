// A bench helper process: Acme simulators, so their CPU is not counted with the hub's. One process
// hosts the simulators of a whole part (one at a time in practice), to pay its start-up once.
import { startAcmeSimulator, type AcmeSimulator, type AcmeSimulatorOptions } from '@connector/plugin-acme/simulator';
import { serveChild } from '../lib/child';

/** What `start` takes: the simulator's options and the hub club IDs its turn-up maps. */
export interface AcmeStartOptions extends AcmeSimulatorOptions {
  hubClubIds: string[];
}

void serveChild<Record<string, never>>(async () => {
  const simulators = new Map<number, AcmeSimulator>();
  let nextId = 1;
  const get = (id: number) => {
    const simulator = simulators.get(id);
    if (!simulator) throw new Error(`no Acme simulator ${id}`);
    return simulator;
  };
  return {
    info: { pid: process.pid },
    handlers: {
      start: async (options: AcmeStartOptions) => {
        const simulator = await startAcmeSimulator({ latencyMs: options.latencyMs, rateLimitPerSecond: options.rateLimitPerSecond, port: options.port });
        const id = nextId++;
        simulators.set(id, simulator);
        return { id, url: simulator.url, turnUp: simulator.turnUp({ hubClubIds: options.hubClubIds }) };
      },
      calls: (id: number) => get(id).calls(),
      // Every request received, answered or not; minus the served calls, these are the refused ones (429s here).
      received: (id: number) => get(id).requests().length,
      addStaff: (id: number, staff: { firstName: string; lastName: string; email: string }) => get(id).addStaff(staff),
      addLeadSource: (id: number, name: string) => get(id).addLeadSource(name),
      stop: async (id: number) => {
        await get(id).close();
        simulators.delete(id);
      },
    },
    onClose: async () => {
      await Promise.all([...simulators.values()].map((s) => s.close()));
    },
  };
});
