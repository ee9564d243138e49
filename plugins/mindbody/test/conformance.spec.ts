import { describePluginConformance } from '@connector/testing';
import mindbodyPlugin from '../src';
import { startMindbodySimulator } from '../src/simulator';

describePluginConformance(mindbodyPlugin, { simulator: () => startMindbodySimulator() });
