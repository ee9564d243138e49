import { describePluginConformance } from '@connector/testing';
import plugin from '@connector/plugin-mindbody-soap';
import { findMindbodySpecs, MINDBODY_SPECS_MISSING, startMindbodySoapSimulator } from '@connector/plugin-mindbody-soap/simulator';

if (findMindbodySpecs()) {
  describePluginConformance(plugin, { simulator: () => startMindbodySoapSimulator() });
} else {
  console.warn(MINDBODY_SPECS_MISSING);
  describe.skip(`${plugin.displayName} conformance (${MINDBODY_SPECS_MISSING})`, () => {
    it('needs the MINDBODY vendor WSDLs', () => undefined);
  });
}
