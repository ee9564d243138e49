export * from './simulator';
export * from './capture-logger';
export * from './turn-up';
export * from './package-entry';
export * from './harness';
export * from './conformance';
export * from './store-contract';
