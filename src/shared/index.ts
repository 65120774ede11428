export * from './enums';
export * from './payload';
export * from './results';
