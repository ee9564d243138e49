export * from './api-2011-11';
export * from './check-content';
export * from './error-uuid';
export * from './field-naming';
export * from './forbidden-error';
export * from './intake';
export * from './intake-command';
export * from './sender';
