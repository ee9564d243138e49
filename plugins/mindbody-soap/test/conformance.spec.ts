import { describePluginConformance } from '@connector/testing';
import plugin from '../src';
import { findMindbodySpecs, MINDBODY_SPECS_MISSING, startMindbodySoapSimulator } from '../src/simulator';

if (findMindbodySpecs()) {
  describePluginConformance(plugin, { simulator: () => startMindbodySoapSimulator() });
} else {
  console.warn(MINDBODY_SPECS_MISSING);
  describe.skip(`${plugin.displayName} conformance (${MINDBODY_SPECS_MISSING})`, () => {
    it('needs the MINDBODY vendor WSDLs', () => undefined);
  });
}
