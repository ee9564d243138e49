// A bench helper process: the MINDBODY SOAP simulator, so its CPU is not counted with the hub's.
import { serveChild } from '../lib/child';

/** The part of the simulator package this child uses (typed here, so the bench compiles before it lands). */
interface SoapSimulatorModule {
  startMindbodySoapSimulator(options?: Record<string, unknown>): Promise<{
    url: string;
    turnUp(options: { hubClubIds: string[] }): Record<string, unknown>;
    calls(): Record<string, number>;
    close(): Promise<void>;
  }>;
}

void serveChild<{ hubClubIds: string[] }>(async (options) => {
  const { startMindbodySoapSimulator } = require('@connector/plugin-mindbody-soap/simulator') as SoapSimulatorModule;
  const simulator = await startMindbodySoapSimulator();
  return {
    info: { url: simulator.url, turnUp: simulator.turnUp({ hubClubIds: options.hubClubIds }) },
    handlers: {
      calls: () => simulator.calls(),
      cpuUsage: () => process.cpuUsage(),
    },
    onClose: () => simulator.close(),
  };
});
