import * as nodeCodec from '@ybm/shared/gm';

import { seededBytes } from './seeded';

type Codec = typeof nodeCodec;

/** The module loaded with some globals missing, as in a mini-program runtime. */
function codecWithout(names: readonly ('Buffer' | 'TextDecoder')[]): Codec {
  const globals = globalThis as Record<string, unknown>;
  const saved = names.map((name) => globals[name]);
  let codec: Codec | undefined;
  jest.isolateModules(() => {
    for (const name of names) globals[name] = undefined;
    try {
      codec = jest.requireActual<Codec>('@ybm/shared/gm');
    } finally {
      names.forEach((name, i) => (globals[name] = saved[i]));
    }
  });
  return codec!;
}

/** A mini-program: no Buffer (and so no TextDecoder either). */
const portableCodec = () => codecWithout(['Buffer']);

it('the portable module really runs without Buffer', () => {
  expect(Buffer.isBuffer(portableCodec().utf8Encode('医保'))).toBe(false);
  expect(Buffer.isBuffer(nodeCodec.utf8Encode('医保'))).toBe(true);
});

// Every case runs on every path, so the BFF's and the mini-program's bytes agree.
describe.each([
  ['in Node (Buffer, TextDecoder)', nodeCodec],
  ['in a mini-program (pure JS)', portableCodec()],
  // A runtime that polyfills Buffer but has no TextDecoder (jsdom in the mini-program tests).
  ['with Buffer but no TextDecoder', codecWithout(['TextDecoder'])],
] as const)('%s', (_runtime, { fromBase64, fromHex, toBase64, toHex, utf8Decode, utf8Encode }) => {
  describe('utf8Encode', () => {
    it.each([
      ['ASCII', 'payOrdId=ORD001'],
      ['CJK', '医保电子凭证 刘畅'],
      ['a rare CJK character outside the BMP', '𠮷野家'],
      ['emoji, including a joined sequence', '💊👨‍👩‍👧'],
      ['two-byte Latin', 'café'],
      ['the empty string', ''],
    ])('writes the same bytes as Node for %s', (_label, text) => {
      expect(Buffer.from(utf8Encode(text)).toString('hex')).toBe(Buffer.from(text, 'utf8').toString('hex'));
    });
  });

  describe('utf8Decode', () => {
    it('round-trips CJK and emoji', () => {
      const text = '医保码 💊 𠮷 café';
      expect(utf8Decode(utf8Encode(text))).toBe(text);
    });

    it('reads bytes Node wrote', () => {
      expect(utf8Decode(new Uint8Array(Buffer.from('结算完成 ✅', 'utf8')))).toBe('结算完成 ✅');
    });

    it.each([
      ['a lone continuation byte', [0x80]],
      ['an overlong two-byte form of "/"', [0xc0, 0xaf]],
      ['an overlong three-byte form', [0xe0, 0x80, 0xaf]],
      ['an overlong four-byte form', [0xf0, 0x80, 0x80, 0xaf]],
      ['an encoded UTF-16 surrogate', [0xed, 0xa0, 0x80]],
      ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
      ['a lead byte that never occurs', [0xf8, 0x88, 0x80, 0x80, 0x80]],
      ['a sequence cut short', [0xe5, 0x8c]],
      ['a lead byte followed by ASCII', [0xe5, 0x41, 0x42]],
    ])('refuses %s', (_label, bytes) => {
      expect(utf8Decode(Uint8Array.from(bytes))).toBeUndefined();
    });
  });

  describe('toHex and fromHex', () => {
    it('writes upper case by default and lower case on request', () => {
      const bytes = Uint8Array.from([0x00, 0x0f, 0xab, 0xff]);
      expect(toHex(bytes)).toBe('000FABFF');
      expect(toHex(bytes, true)).toBe('000fabff');
    });

    it('reads either case', () => {
      expect(Array.from(fromHex('0aFf') ?? [])).toEqual([0x0a, 0xff]);
    });

    it('round-trips random bytes', () => {
      const random = seededBytes(7);
      for (let length = 0; length < 40; length += 1) {
        const bytes = random(length);
        expect(Array.from(fromHex(toHex(bytes)) ?? [])).toEqual(Array.from(bytes));
      }
    });

    it('refuses an odd length or a non-hex character', () => {
      expect(fromHex('abc')).toBeUndefined();
      expect(fromHex('0g')).toBeUndefined();
      expect(fromHex('0x12')).toBeUndefined();
      expect(fromHex(' 12')).toBeUndefined();
    });
  });

  describe('toBase64 and fromBase64', () => {
    it('writes the same text as Node for every length modulo 3', () => {
      const random = seededBytes(11);
      for (let length = 0; length < 40; length += 1) {
        const bytes = random(length);
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }
    });

    it('round-trips random bytes', () => {
      const random = seededBytes(13);
      for (let length = 0; length < 40; length += 1) {
        const bytes = random(length);
        expect(Array.from(fromBase64(toBase64(bytes)) ?? [])).toEqual(Array.from(bytes));
      }
    });

    it('reads text without its padding', () => {
      expect(Buffer.from(fromBase64('5Yy75L+d') ?? []).toString()).toBe('医保');
      expect(Buffer.from(fromBase64('QUI') ?? []).toString()).toBe('AB');
    });

    it('refuses characters outside the standard alphabet and impossible lengths', () => {
      expect(fromBase64('QUI-')).toBeUndefined();
      expect(fromBase64('QU_C')).toBeUndefined();
      expect(fromBase64('QUJD R')).toBeUndefined();
      expect(fromBase64('QUJDR')).toBeUndefined();
      expect(fromBase64('QQ==QQ==')).toBeUndefined();
    });
  });
});
