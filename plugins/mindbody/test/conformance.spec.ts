import { describePluginConformance } from '@connector/testing';
import mindbodyPlugin from '@connector/plugin-mindbody';
import { startMindbodySimulator } from '@connector/plugin-mindbody/simulator';

describePluginConformance(mindbodyPlugin, { simulator: () => startMindbodySimulator() });
