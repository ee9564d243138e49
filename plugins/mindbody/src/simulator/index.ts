export { MindbodySimulator, startMindbodySimulator, type MindbodyCallKey, type MindbodySimulatorOptions } from './mindbody.simulator';
export { MindbodyHttpError } from './mindbody-http.error';
