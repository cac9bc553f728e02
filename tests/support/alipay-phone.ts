// The mini-program's crypto module as it runs inside Alipay, for tests: no global crypto, no
// my.getRandomValues, and a `my` whose rsa is backed by Node's RSA with PKCS#1 v1.5 padding
// (as Alipay's native my.rsa pads, from the client's own CSPRNG).
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';

import type * as SmCryptoExports from 'sm-crypto-v2';

import type * as CryptoModuleExports from '../../miniapp/src/services/crypto';
import type * as SecureRandomExports from '../../miniapp/src/services/secure-random';

export type CryptoModule = typeof CryptoModuleExports;
export type SecureRandomModule = typeof SecureRandomExports;
type SmCrypto = typeof SmCryptoExports;

export interface RsaCall {
  action: string;
  text: string;
  key: string;
}

/** `my` with rsa (and canIUse); every rsa call is recorded. */
export function alipayMy(options: { extra?: Record<string, unknown> } = {}) {
  const rsaCalls: RsaCall[] = [];
  const my = {
    canIUse: () => true,
    rsa({
      action,
      text,
      key,
      success,
      fail,
    }: RsaCall & { success?: (res: { text: string }) => void; fail?: (failure: object) => void }) {
      rsaCalls.push({ action, text, key });
      try {
        const publicKey = createPublicKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'spki' });
        const cipher = publicEncrypt(
          { key: publicKey, padding: constants.RSA_PKCS1_PADDING },
          Buffer.from(text),
        );
        // Asynchronous, as the native call is.
        setTimeout(() => success?.({ text: cipher.toString('base64') }), 0);
      } catch {
        setTimeout(() => fail?.({ error: 11, errorMessage: 'key error' }), 0);
      }
    },
    ...options.extra,
  };
  return { my, rsaCalls };
}

const global = globalThis as Record<string, unknown>;

/**
 * Loads secure-random and crypto afresh as the Alipay build runs them: TARO_ENV=alipay, no
 * globalThis.crypto when they load, the given `my`. restore() puts the test runner's back.
 */
export function loadAsAlipay(my: unknown) {
  const saved = {
    env: process.env.TARO_ENV,
    crypto: Object.getOwnPropertyDescriptor(globalThis, 'crypto'),
    my: global.my,
  };
  process.env.TARO_ENV = 'alipay';
  delete global.crypto;
  global.my = my;
  let crypto: CryptoModule | undefined;
  let secureRandom: SecureRandomModule | undefined;
  let sm2: SmCrypto['sm2'] | undefined;
  jest.isolateModules(() => {
    secureRandom = jest.requireActual<SecureRandomModule>('../../miniapp/src/services/secure-random');
    crypto = jest.requireActual<CryptoModule>('../../miniapp/src/services/crypto');
    sm2 = jest.requireActual<SmCrypto>('sm-crypto-v2').sm2;
  });
  return {
    crypto: crypto!,
    secureRandom: secureRandom!,
    /** The sm-crypto-v2 instance these modules loaded (not the test runner's). */
    sm2: sm2!,
    /** What the modules installed as globalThis.crypto (the DRBG), while loaded. */
    installed: global.crypto as Crypto | undefined,
    restore() {
      if (saved.env === undefined) delete process.env.TARO_ENV;
      else process.env.TARO_ENV = saved.env;
      delete global.crypto;
      if (saved.crypto) Object.defineProperty(globalThis, 'crypto', saved.crypto);
      if (saved.my === undefined) delete global.my;
      else global.my = saved.my;
    },
  };
}
