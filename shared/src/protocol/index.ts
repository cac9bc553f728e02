// @ybm/shared/protocol — server-side: the insurance platform's public protocol, in one place
// for the BFF's insurance client, the sandbox and the counter: for the channel API, the
// platform's events, the 两定 interface, the e-voucher centre and 62xx — the paths, the method
// or transaction names, the request and answer schemas and the refusal codes. zod only, but
// not part of the @ybm/shared contract: the mini-program never speaks to the platform, so lint
// keeps it (and @ybm/shared/node) out of miniapp/.
export * from './channel';
export * from './ec';
export * from './events';
export * from './fsi';
export * from './mobile-pay';
export { PATHS } from './paths';
export { SUCCESS_CODE, SUCCESS_MESSAGE } from './wire';
