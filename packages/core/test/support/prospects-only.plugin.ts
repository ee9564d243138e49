import { z } from 'zod';
import { definePlugin } from '../../src/plugin/define-plugin';

class Check {
  async check() {}
}

class Prospects {
  async save() {
    return 'p-1';
  }
}

/**
 * An in-process platform for core's own specs: no connection, no transport, and prospects only, so
 * routing depends on a person's userType (a member goes nowhere).
 */
export const prospectsOnlyPlugin = definePlugin({
  id: 'prospects-only',
  displayName: 'Prospects only',
  version: '1.0.0',
  connection: 'none',
  options: z.object({}),
  operations: { check: Check, prospects: Prospects },
});
