export * from './connection';
export * from './connection-read';
export * from './drift';
export * from './enums';
export * from './fields';
export * from './kinds';
export * from './payload';
export * from './results';
