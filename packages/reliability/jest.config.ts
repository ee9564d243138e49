// The reliability suite: real `connector serve` processes against real simulators, one scenario at a time
// (each one loads the machine on its own). RELIABILITY_SEED replays a run; RELIABILITY_MODE=chaos is longer.
export default {
  displayName: 'reliability',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  maxWorkers: 1,
  testTimeout: 240_000,
};
