// Known answers for the mini-program's HMAC_DRBG (NIST SP 800-90A §10.1.2). NIST publishes
// CAVP vectors for SHA-1/SHA-2 only, so the same code is pinned two ways: with SHA-256 against
// NIST's own vectors, and with SM3 against vectors this code made once (from the same inputs)
// and that must never change — both hashes go through one HMAC and one DRBG.
import { createHash, createHmac } from 'node:crypto';

import { sm2, sm3 } from 'sm-crypto-v2';

import {
  hmac,
  HmacDrbg,
  MAX_BYTES_PER_REQUEST,
  RESEED_INTERVAL,
  type HashFunction,
} from '../../miniapp/src/services/random/hmac-drbg';

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const hexOf = (data: Uint8Array) => Buffer.from(data).toString('hex');

const SHA256: HashFunction = Object.assign(
  (data: Uint8Array) => Uint8Array.from(createHash('sha256').update(data).digest()),
  { blockLength: 64, outputLength: 32 },
);
/** SM3 as the mini-program has it (sm-crypto-v2), not Node's. */
const SM3: HashFunction = Object.assign((data: Uint8Array) => sm2.hexToArray(sm3(data)), {
  blockLength: 64,
  outputLength: 32,
});

/**
 * NIST CAVP, drbgtestvectors.zip → drbgvectors_no_reseed/HMAC_DRBG.rsp, [SHA-256],
 * [PredictionResistance = False], [EntropyInputLen = 256], [NonceLen = 128],
 * [ReturnedBitsLen = 1024], COUNT = 0 of [PersonalizationStringLen = 0][AdditionalInputLen = 0]
 * and of [PersonalizationStringLen = 256][AdditionalInputLen = 256]. The test instantiates,
 * generates twice (additional input 1 and 2) and compares the second output.
 */
const CAVP = {
  plain: {
    entropy: 'ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488',
    nonce: '659ba96c601dc69fc902940805ec0ca8',
    personalization: '',
    additional: ['', ''],
    returned:
      'e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89' +
      'd54fbb978a15b5c443c9ec21036d2460b6f73ebad0dc2aba6e624abf07745bc1' +
      '07694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668' +
      '961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8',
  },
  personalised: {
    entropy: '5d3286bc53a258a53ba781e2c4dcd79a790e43bbe0e89fb3eed39086be34174b',
    nonce: 'c5422294b7318952ace7055ab7570abf',
    personalization: '2dba094d008e150d51c4135bb2f03dcde9cbf3468a12908a1b025c120c985b9d',
    additional: [
      '793a7ef8f6f0482beac542bb785c10f8b7b406a4de92667ab168ecc2cf7573c6',
      '2238cdb4e23d629fe0c2a83dd8d5144ce1a6229ef41dabe2a99ff722e510b530',
    ],
    returned:
      'd04678198ae7e1aeb435b45291458ffde0891560748b43330eaf866b5a6385e7' +
      '4c6fa5a5a44bdb284d436e98d244018d6acedcdfa2e9f499d8089e4db86ae89a' +
      '6ab2d19cb705e2f048f97fb597f04106a1fa6a1416ad3d859118e079a0c319eb' +
      '95686f4cbcce3b5101c7a0b010ef029c4ef6d06cdfac97efb9773891688c37cf',
  },
};

/** SM3 answers for the same inputs, made once by this code (no published SM3 vectors exist). */
const SM3_PINNED = {
  plain:
    'b0b6b63bc6509bca282b4470cb814b8ad68a48353c1e159c5b0b0045218e3ef3' +
    'c718bf079ad6c1b82175ea374d2afc3b9bca87b501e3298d299a89aeaa3146bc' +
    '9cfeef9edc620ecee2578f4f41cbcb5d3896c90a628f53806884444842edcc42' +
    '0eddb699826f288916dfedaf9a9148b0b1feef84a32e16ae9f30fa3de6bb91cb',
  personalised:
    '75dc51fb0ab8a5108e7af0248976ef08785bf4e9b6872379b068dd2dcae0b25a' +
    '9433eaf881ce3e936950ca80be83cb1786e24eb8ee8b211b0fb61bf54cea1f72' +
    'ad6d1a8c94e56640bd5643b64e4a1011818461dbf7bdda570d961922c9e0ee8e' +
    'b3bf8576260b2f325dd84283cf9d5a60287e9ccb90d3520692d746acbad8e5f7',
  /** Instantiate with `plain`'s inputs, reseed with `personalised`'s entropy and personalization as additional input, generate 64. */
  reseeded:
    'b91e6408147793e9aa0453c8c5d618d7ce899477be3b8b101fda0d6a22a2fbef' +
    '14d1f975f74b8118204dc0f319476d376659405c8e0a3bc7af0defe08b97e813',
};

function cavpRun(hash: HashFunction, vector: (typeof CAVP)['plain']): string {
  const drbg = new HmacDrbg(hash, bytes(vector.entropy), bytes(vector.nonce), bytes(vector.personalization));
  drbg.generate(128, bytes(vector.additional[0]!));
  return hexOf(drbg.generate(128, bytes(vector.additional[1]!)));
}

describe('HMAC_DRBG with SHA-256 (NIST CAVP)', () => {
  it('returns NIST’s bits with no personalization and no additional input', () => {
    expect(cavpRun(SHA256, CAVP.plain)).toBe(CAVP.plain.returned);
  });

  it('returns NIST’s bits with a personalization string and additional input', () => {
    expect(cavpRun(SHA256, CAVP.personalised)).toBe(CAVP.personalised.returned);
  });
});

describe('HMAC_DRBG with SM3 (pinned)', () => {
  it('hashes like GB/T 32905 and keys HMAC like Node’s native HMAC-SM3', () => {
    // GB/T 32905-2016 Appendix A.1: SM3("abc").
    expect(hexOf(SM3(Uint8Array.from(Buffer.from('abc'))))).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
    for (const keyLength of [16, 64, 100]) {
      const key = Uint8Array.from({ length: keyLength }, (_, i) => i);
      const message = Uint8Array.from(Buffer.from('医保码 HMAC-SM3'));
      expect(hexOf(hmac(SM3, key, message))).toBe(createHmac('sm3', key).update(message).digest('hex'));
    }
  });

  it('gives the pinned bits for the CAVP inputs', () => {
    expect(cavpRun(SM3, CAVP.plain)).toBe(SM3_PINNED.plain);
    expect(cavpRun(SM3, CAVP.personalised)).toBe(SM3_PINNED.personalised);
  });

  it('gives the pinned bits after a reseed, and other bits than without it', () => {
    const instantiate = () => new HmacDrbg(SM3, bytes(CAVP.plain.entropy), bytes(CAVP.plain.nonce));
    const reseeded = instantiate();
    reseeded.reseed(bytes(CAVP.personalised.entropy), bytes(CAVP.personalised.personalization));
    expect(hexOf(reseeded.generate(64))).toBe(SM3_PINNED.reseeded);
    expect(hexOf(instantiate().generate(64))).not.toBe(SM3_PINNED.reseeded);
  });

  it('refuses a seed shorter than the security strength, and requests out of range', () => {
    expect(() => new HmacDrbg(SM3, new Uint8Array(31), new Uint8Array(16))).toThrow(RangeError);
    const drbg = new HmacDrbg(SM3, new Uint8Array(32).fill(7), new Uint8Array(16));
    expect(() => drbg.reseed(new Uint8Array(16))).toThrow(RangeError);
    expect(() => drbg.generate(MAX_BYTES_PER_REQUEST + 1)).toThrow(RangeError);
    expect(drbg.generate(33)).toHaveLength(33);
  });

  it('stops at the reseed interval until it is reseeded', () => {
    const drbg = new HmacDrbg(SM3, new Uint8Array(32).fill(7), new Uint8Array(16));
    // As if it had answered RESEED_INTERVAL requests (the phone reseeds long before that).
    (drbg as unknown as { reseedCounter: number }).reseedCounter = RESEED_INTERVAL + 1;
    expect(() => drbg.generate(1)).toThrow(/reseed/);
    drbg.reseed(new Uint8Array(32).fill(9));
    expect(drbg.generate(1)).toHaveLength(1);
  });
});
