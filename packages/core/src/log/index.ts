export * from './connector-log';
export * from './describe-record';
