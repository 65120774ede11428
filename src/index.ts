export * from './shared';
export * from './constructs';
