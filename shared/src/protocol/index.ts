// The insurance platform's public protocol, in one place for the BFF's client, the sandbox
// and the counter: paths, transaction names, request and answer schemas, refusal codes.
// Node and browser alike (zod only), but not part of the @ybm/shared barrel: the
// mini-program never speaks to the platform, so none of this reaches its package.
export { PATHS } from './paths';
