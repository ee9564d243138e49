// A bench helper process: the Acme simulator, so its CPU is not counted with the hub's.
import { startAcmeSimulator, type AcmeSimulatorOptions } from '@connector/plugin-acme/simulator';
import { serveChild } from '../lib/child';

/** What the parent passes: the simulator's options and the hub club IDs to map. */
export interface AcmeChildOptions extends AcmeSimulatorOptions {
  hubClubIds: string[];
}

void serveChild<AcmeChildOptions>(async (options) => {
  const simulator = await startAcmeSimulator({ latencyMs: options.latencyMs, rateLimitPerSecond: options.rateLimitPerSecond, port: options.port });
  return {
    info: { url: simulator.url, turnUp: simulator.turnUp({ hubClubIds: options.hubClubIds }) },
    handlers: {
      calls: () => simulator.calls(),
      // Every request received, answered or not; minus the served calls, these are the refused ones (429s here).
      received: () => simulator.requests().length,
      addStaff: (staff: { firstName: string; lastName: string; email: string }) => simulator.addStaff(staff),
      addLeadSource: (name: string) => simulator.addLeadSource(name),
      people: async () => (await simulator.people()).length,
      cpuUsage: () => process.cpuUsage(),
    },
    onClose: () => simulator.close(),
  };
});
