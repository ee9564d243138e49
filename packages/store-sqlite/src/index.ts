export * from './sqlite-store';
export * from './migrations';
export * from './sqlite-error';
