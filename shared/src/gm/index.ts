// @ybm/shared/gm: the GM envelope of PROTOCOL.md §3 (SM2 signatures, SM3, SM4) in code that
// runs in Node and in mini-program runtimes alike; Node's faster native SM3/SM4 are
// `nodePrimitives` in @ybm/shared/node.
export * from './codec';
export * from './envelope';
export * from './primitives';
export * from './sign-string';
export * from './sm2';
export * from './timestamp';
