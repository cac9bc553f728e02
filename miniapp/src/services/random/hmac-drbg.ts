// HMAC_DRBG from NIST SP 800-90A Rev. 1 (§10.1.2), over any hash given to it. The
// mini-program runs it with SM3; the tests also run this same code with SHA-256 against
// NIST's published CAVP vectors, since none are published for SM3. It turns a seed from the
// platform (SP 800-90A's "entropy input") into as many bytes as SM2 asks for, synchronously,
// which the asynchronous platform sources cannot do. No imports: it must load before
// sm-crypto-v2 does.

/** A hash function as HMAC needs it (RFC 2104): SM3 and SHA-256 both have 64-byte blocks. */
export interface HashFunction {
  (data: Uint8Array): Uint8Array;
  /** Bytes per input block (B in RFC 2104). */
  blockLength: number;
  /** Bytes of output (outlen in SP 800-90A). */
  outputLength: number;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** HMAC (RFC 2104) of the concatenated parts. */
export function hmac(hash: HashFunction, key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  const block = new Uint8Array(hash.blockLength);
  block.set(key.length > hash.blockLength ? hash(key) : key);
  const inner = block.map((byte) => byte ^ 0x36);
  const outer = block.map((byte) => byte ^ 0x5c);
  return hash(concat([outer, hash(concat([inner, ...parts]))]));
}

/** SP 800-90A Table 2: at most 2^19 bits per request. */
export const MAX_BYTES_PER_REQUEST = 1 << 16;
/** Far below the standard's 2^48; the app reseeds before every use anyway. */
export const RESEED_INTERVAL = 1 << 16;

const EMPTY = new Uint8Array(0);

export class HmacDrbg {
  private key: Uint8Array;
  private value: Uint8Array;
  private reseedCounter = 1;

  /** Instantiate (§10.1.2.3): entropy input of at least the security strength (outlen), and a nonce. */
  constructor(
    private readonly hash: HashFunction,
    entropy: Uint8Array,
    nonce: Uint8Array,
    personalization: Uint8Array = EMPTY,
  ) {
    this.requireEntropy(entropy);
    this.key = new Uint8Array(hash.outputLength);
    this.value = new Uint8Array(hash.outputLength).fill(1);
    this.update(concat([entropy, nonce, personalization]));
  }

  /** Reseed (§10.1.2.4) with fresh entropy input. */
  reseed(entropy: Uint8Array, additional: Uint8Array = EMPTY): void {
    this.requireEntropy(entropy);
    this.update(concat([entropy, additional]));
    this.reseedCounter = 1;
  }

  /** Generate (§10.1.2.5); throws rather than run past the reseed interval. */
  generate(length: number, additional: Uint8Array = EMPTY): Uint8Array {
    if (!Number.isInteger(length) || length < 0 || length > MAX_BYTES_PER_REQUEST)
      throw new RangeError('HMAC_DRBG: request length out of range');
    if (this.reseedCounter > RESEED_INTERVAL) throw new Error('HMAC_DRBG: reseed required');
    if (additional.length > 0) this.update(additional);
    const out = new Uint8Array(length);
    for (let at = 0; at < length; at += this.value.length) {
      this.value = hmac(this.hash, this.key, this.value);
      out.set(this.value.subarray(0, Math.min(this.value.length, length - at)), at);
    }
    this.update(additional);
    this.reseedCounter += 1;
    return out;
  }

  /** HMAC_DRBG_Update (§10.1.2.2). */
  private update(provided: Uint8Array): void {
    this.key = hmac(this.hash, this.key, this.value, Uint8Array.of(0x00), provided);
    this.value = hmac(this.hash, this.key, this.value);
    if (provided.length === 0) return;
    this.key = hmac(this.hash, this.key, this.value, Uint8Array.of(0x01), provided);
    this.value = hmac(this.hash, this.key, this.value);
  }

  private requireEntropy(entropy: Uint8Array): void {
    if (entropy.length < this.hash.outputLength)
      throw new RangeError('HMAC_DRBG: entropy input shorter than the security strength');
  }
}
