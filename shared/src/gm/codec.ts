// Byte codecs that run the same in Node and in mini-program runtimes, which have
// neither Buffer nor, reliably, TextEncoder/atob. Where Node's Buffer exists (the BFF and
// the sandbox, on every request) hex, Base64 and UTF-8 use it (and TextDecoder): same
// results, a fraction of the CPU.

interface NodeBufferLike {
  from(data: ArrayBufferLike, offset: number, length: number): { toString(encoding: string): string };
  from(data: string, encoding: string): Uint8Array;
}
const NodeBuffer = (globalThis as { Buffer?: NodeBufferLike }).Buffer;

// Strict like utf8Decode below: malformed input throws instead of becoming U+FFFD, and a
// leading BOM stays part of the text. Only beside Buffer (Node), and only where it exists:
// a runtime may polyfill Buffer without having TextDecoder (the mini-program tests' jsdom).
const TextDecoderClass = (globalThis as { TextDecoder?: typeof TextDecoder }).TextDecoder;
const NodeTextDecoder =
  NodeBuffer && TextDecoderClass
    ? new TextDecoderClass('utf-8', { fatal: true, ignoreBOM: true })
    : undefined;

export function utf8Encode(text: string): Uint8Array {
  if (NodeBuffer) return NodeBuffer.from(text, 'utf8');
  const bytes: number[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(bytes);
}

/** Strict UTF-8 decoding: returns undefined for malformed input instead of guessing. */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  if (NodeTextDecoder) {
    try {
      return NodeTextDecoder.decode(bytes);
    } catch {
      return undefined;
    }
  }
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    const extra =
      lead < 0x80
        ? 0
        : lead >= 0xc2 && lead < 0xe0
          ? 1
          : lead >= 0xe0 && lead < 0xf0
            ? 2
            : lead >= 0xf0 && lead < 0xf5
              ? 3
              : -1;
    if (extra < 0) return undefined;
    let cp = extra === 0 ? lead : lead & (0x3f >> extra);
    for (let k = 1; k <= extra; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (next & 0x3f);
    }
    const smallest = [0, 0x80, 0x800, 0x10000][extra] ?? 0;
    if (cp < smallest || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    out += String.fromCodePoint(cp);
    i += extra + 1;
  }
  return out;
}

const HEX = '0123456789ABCDEF';

export function toHex(bytes: Uint8Array, lower = false): string {
  if (NodeBuffer) {
    const hex = NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
    return lower ? hex : hex.toUpperCase();
  }
  let out = '';
  for (const b of bytes) out += HEX[b >> 4] + (HEX[b & 15] ?? '');
  return lower ? out.toLowerCase() : out;
}

/** Decodes hex of either case; undefined when it is not hex. */
export function fromHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  if (NodeBuffer) return new Uint8Array(NodeBuffer.from(hex, 'hex'));
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[(n >> 18) & 63];
    out += B64[(n >> 12) & 63];
    out += b === undefined ? '=' : B64[(n >> 6) & 63];
    out += c === undefined ? '=' : B64[n & 63];
  }
  return out;
}

/** Decodes standard Base64 (padding optional); undefined when it is not Base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  const clean = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return undefined;
  if (NodeBuffer) return new Uint8Array(NodeBuffer.from(clean, 'base64'));
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    buffer = (buffer << 6) | B64.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}
