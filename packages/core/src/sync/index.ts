export * from './match-keys';
export * from './lifecycle';
export * from './smart-match';
export * from './inbound-sync';
export * from './pull-runner';
export * from './webhook-receiver';
