export * from './simulator';
export * from './capture-logger';
export * from './harness';
export * from './conformance';
export * from './store-contract';
