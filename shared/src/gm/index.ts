export * from './codec';
export * from './envelope';
export * from './primitives';
export * from './sign-string';
export * from './sm2';
export * from './timestamp';
