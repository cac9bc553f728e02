// Known-answer vectors from the GM standards, and small byte helpers for the tests that
// use them. Helpers go through Buffer, not shared/src's codec, so they are independent of it.

/** GB/T 32905-2016 (SM3), Appendix A examples 1 and 2. */
export const SM3_VECTORS = [
  { input: 'abc', digest: '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0' },
  { input: 'abcd'.repeat(16), digest: 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732' },
] as const;

/** GB/T 32907-2016 (SM4), Appendix A example 1: one block, key = plaintext. */
export const SM4_VECTOR = {
  key: '0123456789abcdeffedcba9876543210',
  plain: '0123456789abcdeffedcba9876543210',
  cipher: '681edf34d206965e86b3e94f536e4246',
} as const;

/**
 * GB/T 32918.5-2017 / GM/T 0003.5-2012 examples on the recommended curve (sm2p256v1):
 * key pair, signature of "message digest" with ID "1234567812345678" (ZA and e are the
 * standard's intermediate values), and encryption of "encryption standard" as C1‖C3‖C2.
 */
export const SM2_VECTOR = {
  privateKey: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  publicKey:
    '04' +
    '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
    'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  userId: '1234567812345678',
  message: 'message digest',
  za: 'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3',
  e: 'f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640',
  r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
  s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
  encryption: {
    plain: 'encryption standard',
    c1:
      '04' +
      '04ebfc718e8d1798620432268e77feb6415e2ede0e073c0f4f640ecd2e149a73' +
      'e858f9d81e5430a57b36daab8f950a3c64e6ee6a63094d99283aff767e124df0',
    c3: '59983c18f809e262923c53aec295d30383b54e39d609d160afcb1908d0bd8766',
    c2: '21886ca989ca9c7d58087307ca93092d651efa',
  },
} as const;

export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

export function base64ToHex(base64: string): string {
  return Buffer.from(base64, 'base64').toString('hex');
}

export function hexBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function bytesHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

export function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

/** Hex of UTF-8, the key form sm-crypto's sm4 takes. */
export function utf8Hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}
