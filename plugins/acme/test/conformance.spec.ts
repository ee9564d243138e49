import { describePluginConformance } from '@connector/testing';
import acmePlugin from '@connector/plugin-acme';
import { startAcmeSimulator } from '@connector/plugin-acme/simulator';

describePluginConformance(acmePlugin, { simulator: () => startAcmeSimulator(), simulates: { changes: true, webhooks: true } });
