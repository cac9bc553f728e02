// Types for sm-crypto 0.5.8 (it ships none): only what the interop tests call. This is the
// library the counterparties use, so the tests drive it exactly as their code does.
declare module 'sm-crypto' {
  type Bytes = string | number[] | Uint8Array;

  interface SignOptions {
    hash?: boolean;
    der?: boolean;
    publicKey?: string;
    userId?: string;
  }

  export const sm2: {
    generateKeyPairHex(): { privateKey: string; publicKey: string };
    getPublicKeyFromPrivateKey(privateKey: string): string;
    doSignature(msg: Bytes, privateKey: string, options?: SignOptions): string;
    doVerifySignature(msg: Bytes, signHex: string, publicKey: string, options?: SignOptions): boolean;
    /** cipherMode 1 = C1C3C2 (the default), 0 = C1C2C3; output hex without the 04 of C1. */
    doEncrypt(msg: Bytes, publicKey: string, cipherMode?: 0 | 1): string;
    doDecrypt(encrypted: string, privateKey: string, cipherMode?: 0 | 1): string;
  };

  export function sm3(input: Bytes): string;

  interface Sm4Options {
    padding?: 'pkcs#7' | 'pkcs#5' | 'none';
    mode?: 'ecb' | 'cbc';
  }

  export const sm4: {
    /** A string input is UTF-8; the key is hex or bytes; output hex (lower case). */
    encrypt(input: Bytes, key: string | number[], options?: Sm4Options): string;
    /** A string input is hex; output UTF-8. */
    decrypt(input: Bytes, key: string | number[], options?: Sm4Options): string;
  };
}
