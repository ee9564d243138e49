import type { Hub, HubConfig } from '@connector/hub';
import type { CommandContext } from '../cli';
import type { LoadedSimulator } from '../plugins/simulator-loader';

/**
 * The demo's two-way step: a sale made at the club, in the platform (a prospect the hub delivered
 * becomes a member there), then one pull of each pullable platform: the hub record becomes a member,
 * with the same UUID, and the change goes to the client's other platforms.
 */
export async function demoSale(context: CommandContext, hub: Hub, config: HubConfig, simulators: LoadedSimulator[]): Promise<void> {
  const simulator = simulators.find((s) => typeof s.sell === 'function');
  const prospect = (await simulator?.people?.())?.find((person) => person.type === 'PROSPECT' && person.id);
  if (!simulator || !prospect?.id) return;
  context.out(
    `\nA sale at the club: ${prospect.firstName} ${prospect.lastName} becomes a member in the simulator at ${simulator.url} (made there, not sent by the hub).`,
  );
  await simulator.sell!(prospect.id);
  for (const client of config.clients) {
    for (const runtime of hub.connector.runtimes(client.id)) {
      if (!runtime.plugin.capabilities.pull.changes) continue;
      const summary = await hub.connector.pull(client.id, runtime.turnUp.platform);
      context.out(
        `  the hub pulls ${runtime.displayName}'s changes (connector sync ${client.id} does the same): ${summary.read} people in the feed, ` +
          `${summary.saved} saved to the hub (the others hold what the hub sent them: no echo)`,
      );
    }
  }
  const settled = await hub.connector.drain(30_000);
  context.out(settled ? '  done: the sale came back as a member.' : '  (some deliveries are still being retried)');
}
