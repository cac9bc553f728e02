import { ERRORS, isErrorCode } from '@ybm/shared';
import {
  createEnvelopeCodec,
  EnvelopeError,
  formatTimestamp,
  generateSm2KeyPair,
  jsPrimitives,
  type EnvelopeChannel,
  type EnvelopeErrorCode,
  type GmPrimitives,
  type SealedEnvelope,
  type TimestampFormat,
} from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';

import { decryptByHand, encryptByHand, verifyByHand, workKeyByHand } from './by-hand';

const NOW = Date.UTC(2024, 2, 5, 6, 30, 0); // 2024-03-05 14:30:00 in UTC+8
const MINUTE = 60_000;
const APP_ID = '1GQ0U8RVP0B3A8C1F7E2';
const APP_SECRET = 'HPJ7U3YN1Q5L0O8Z9T2R6W4E';
const BFF_KEYS = generateSm2KeyPair();
const PLATFORM_KEYS = generateSm2KeyPair();

const PAYMENT = {
  payOrdId: 'ORD20240305001',
  payToken: 'TKN-7f3a',
  psnName: '刘畅',
  feeSumamt: 12.3,
  acctUsedFlag: true,
  ecToken: '',
  detail: [{ itemName: '阿莫西林胶囊', cnt: 2, memo: null }],
};
/** PAYMENT as PROTOCOL.md §3 step 1 cleans it. */
const PAYMENT_CLEANED = {
  acctUsedFlag: true,
  detail: [{ cnt: 2, itemName: '阿莫西林胶囊' }],
  feeSumamt: 12.3,
  payOrdId: 'ORD20240305001',
  payToken: 'TKN-7f3a',
  psnName: '刘畅',
};
const PAYMENT_JSON =
  '{"acctUsedFlag":true,"detail":[{"cnt":2,"itemName":"阿莫西林胶囊"}],"feeSumamt":12.3,' +
  '"payOrdId":"ORD20240305001","payToken":"TKN-7f3a","psnName":"刘畅"}';

interface SetupOptions {
  primitives?: GmPrimitives;
  timestampFormat?: TimestampFormat;
  sm2UserId?: string;
  platformSm2UserId?: string;
}

/** Both ends of one channel: the BFF's view and the platform's (own and peer keys swapped). */
function setup(options: SetupOptions = {}) {
  let clock = NOW;
  const codec = createEnvelopeCodec({
    primitives: options.primitives ?? nodePrimitives,
    now: () => clock,
    ...(options.timestampFormat ? { timestampFormat: options.timestampFormat } : {}),
  });
  const bff: EnvelopeChannel = {
    appId: APP_ID,
    appSecret: APP_SECRET,
    ownKeys: BFF_KEYS,
    peerPublicKey: PLATFORM_KEYS.publicKey,
    ...(options.sm2UserId !== undefined ? { sm2UserId: options.sm2UserId } : {}),
  };
  const platformUserId = options.platformSm2UserId ?? options.sm2UserId;
  const platform: EnvelopeChannel = {
    appId: APP_ID,
    appSecret: APP_SECRET,
    ownKeys: PLATFORM_KEYS,
    peerPublicKey: BFF_KEYS.publicKey,
    ...(platformUserId !== undefined ? { sm2UserId: platformUserId } : {}),
  };
  return {
    codec,
    bff,
    platform,
    atPlatform: (appId: string) => (appId === APP_ID ? platform : undefined),
    atBff: (appId: string) => (appId === APP_ID ? bff : undefined),
    setClock: (ms: number) => {
      clock = ms;
    },
  };
}

function envelopeError(open: () => unknown): EnvelopeErrorCode {
  try {
    open();
  } catch (error) {
    if (error instanceof EnvelopeError) return error.code;
    throw error;
  }
  throw new Error('open accepted the envelope');
}

describe.each([
  ['nodePrimitives', nodePrimitives],
  ['jsPrimitives', jsPrimitives],
])('createEnvelopeCodec with %s', (_name, primitives) => {
  it('round-trips a request from the BFF to the platform', () => {
    const { codec, bff, atPlatform } = setup({ primitives });
    const opened = codec.open(codec.seal(bff, PAYMENT), atPlatform);
    expect(opened).toEqual({ appId: APP_ID, data: PAYMENT_CLEANED, timestamp: NOW });
  });

  it('round-trips a response with code and message from the platform to the BFF', () => {
    const { codec, platform, atBff } = setup({ primitives });
    const sealed = codec.seal(platform, { ordStas: '4' }, { code: '0', message: '成功' });
    expect(codec.open(sealed, atBff)).toEqual({
      appId: APP_ID,
      data: { ordStas: '4' },
      code: '0',
      message: '成功',
      timestamp: NOW,
    });
  });

  it('seals the envelope fields only, with no plaintext data and encData in upper-case hex', () => {
    const { codec, bff } = setup({ primitives });
    const sealed = codec.seal(bff, PAYMENT);
    expect(Object.keys(sealed).sort()).toEqual(
      ['appId', 'encData', 'encType', 'signData', 'signType', 'timestamp', 'version'].sort(),
    );
    expect(sealed).toMatchObject({
      appId: APP_ID,
      encType: 'SM4',
      signType: 'SM2',
      timestamp: '20240305143000',
      version: '2.0.1',
    });
    expect(sealed.encData).toMatch(/^(?:[0-9A-F]{32})+$/);
    expect(Buffer.from(sealed.signData, 'base64')).toHaveLength(64);
  });

  it('encrypts the cleaned compact JSON under the work key of step 4', () => {
    const { codec, bff } = setup({ primitives });
    const { workKey } = workKeyByHand(APP_ID, APP_SECRET);
    const sealed = codec.seal(bff, PAYMENT);
    expect(decryptByHand(sealed.encData, workKey)).toBe(PAYMENT_JSON);
    expect(sealed.encData).toBe(encryptByHand(PAYMENT_JSON, workKey));
  });

  it('carries empty data as an empty plaintext and opens it as no data', () => {
    const { codec, platform, atBff } = setup({ primitives });
    const sealed = codec.seal(platform, { nothing: null }, { code: '0' });
    expect(sealed.encData).toHaveLength(32);
    expect(codec.open(sealed, atBff)).toEqual({ appId: APP_ID, data: undefined, code: '0', timestamp: NOW });
  });
});

describe('createEnvelopeCodec between primitive sets', () => {
  it('opens in the Node codec what the JS codec sealed, and the other way', () => {
    const js = setup({ primitives: jsPrimitives });
    const node = setup({ primitives: nodePrimitives });
    expect(node.codec.open(js.codec.seal(js.bff, PAYMENT), node.atPlatform).data).toEqual(PAYMENT_CLEANED);
    expect(js.codec.open(node.codec.seal(node.platform, PAYMENT), js.atBff).data).toEqual(PAYMENT_CLEANED);
  });

  it('gives identical encData from both', () => {
    const js = setup({ primitives: jsPrimitives });
    const node = setup({ primitives: nodePrimitives });
    expect(js.codec.seal(js.bff, PAYMENT).encData).toBe(node.codec.seal(node.bff, PAYMENT).encData);
  });
});

describe('the work key (PROTOCOL.md §3 step 4)', () => {
  it('is the first 16 upper-hex characters of SM4(UTF-8(appId[0:16]), UTF-8(appSecret))', () => {
    const byHand = workKeyByHand(APP_ID, APP_SECRET);
    expect(byHand.k0).toBe('1GQ0U8RVP0B3A8C1');
    // A 24-byte secret pads to two blocks.
    expect(byHand.tmpHex).toHaveLength(64);
    expect(byHand.workKey).toMatch(/^[0-9A-F]{16}$/);
    const { codec, bff } = setup();
    expect(codec.seal(bff, { a: 1 }).encData).toBe(encryptByHand('{"a":1}', byHand.workKey));
  });

  it('changes with the first 16 bytes of the appSecret, and only with them (they fill tmp’s first block)', () => {
    const { codec, bff } = setup();
    const encData = (appSecret: string) => codec.seal({ ...bff, appSecret }, {}).encData;
    expect(encData(`x${APP_SECRET.slice(1)}`)).not.toBe(encData(APP_SECRET));
    expect(encData(`${APP_SECRET.slice(0, 16)}-other-tail`)).toBe(encData(APP_SECRET));
  });

  it('needs an appId of at least 16 single-byte characters', () => {
    const { codec, bff } = setup();
    expect(() => codec.seal({ ...bff, appId: 'SHORT-APP-ID' }, { a: 1 })).toThrow(RangeError);
  });
});

describe('the signature of a sealed envelope', () => {
  it('is over exactly the sign string of PROTOCOL.md §3 step 1, with the default user ID', () => {
    const { codec, platform } = setup();
    const sealed = codec.seal(platform, PAYMENT, { code: '0', message: '成功' });
    const signString =
      `appId=${APP_ID}&code=0&data=${PAYMENT_JSON}&encType=SM4&message=成功&signType=SM2` +
      `&timestamp=20240305143000&version=2.0.1&key=${APP_SECRET}`;
    expect(verifyByHand(signString, sealed.signData, PLATFORM_KEYS.publicKey, '1234567812345678')).toBe(true);
    expect(verifyByHand(`${signString} `, sealed.signData, PLATFORM_KEYS.publicKey, '1234567812345678')).toBe(
      false,
    );
  });

  it('covers a terminal’s transType and orgId, in their ASCII places in the sign string', () => {
    const { codec, bff } = setup();
    const sealed = codec.seal(bff, { a: 1 }, { transType: 'ec.query', orgId: '231200P00001' });
    expect(sealed).toMatchObject({ transType: 'ec.query', orgId: '231200P00001' });
    const signString =
      `appId=${APP_ID}&data={"a":1}&encType=SM4&orgId=231200P00001&signType=SM2` +
      `&timestamp=20240305143000&transType=ec.query&version=2.0.1&key=${APP_SECRET}`;
    expect(verifyByHand(signString, sealed.signData, BFF_KEYS.publicKey, '1234567812345678')).toBe(true);
  });

  it('uses the channel’s sm2UserId when one is set', () => {
    const { codec, bff } = setup({ sm2UserId: APP_SECRET });
    const sealed = codec.seal(bff, { a: 1 });
    const signString = `appId=${APP_ID}&data={"a":1}&encType=SM4&signType=SM2&timestamp=20240305143000&version=2.0.1&key=${APP_SECRET}`;
    expect(verifyByHand(signString, sealed.signData, BFF_KEYS.publicKey, APP_SECRET)).toBe(true);
    expect(verifyByHand(signString, sealed.signData, BFF_KEYS.publicKey, '1234567812345678')).toBe(false);
  });
});

describe('open', () => {
  function sealedRequest(options: SetupOptions = {}) {
    const fixture = setup(options);
    return { ...fixture, sealed: fixture.codec.seal(fixture.bff, PAYMENT) };
  }

  it('reads encData in lower case', () => {
    const { codec, sealed, atPlatform } = sealedRequest();
    expect(codec.open({ ...sealed, encData: sealed.encData.toLowerCase() }, atPlatform).data).toEqual(
      PAYMENT_CLEANED,
    );
  });

  it('ignores extra, which is not signed', () => {
    const { codec, sealed, atPlatform } = sealedRequest();
    expect(codec.open({ ...sealed, extra: { traceId: 'abc' } }, atPlatform).data).toEqual(PAYMENT_CLEANED);
  });

  it('accepts both timestamp formats: yyyyMMddHHmmss in UTC+8 and epoch ms (as text or number)', () => {
    const epoch = sealedRequest({ timestampFormat: 'epochMs' });
    expect(epoch.sealed.timestamp).toBe(String(NOW));
    const reader = setup();
    expect(reader.codec.open(epoch.sealed, epoch.atPlatform).timestamp).toBe(NOW);
    expect(reader.codec.open({ ...epoch.sealed, timestamp: NOW }, epoch.atPlatform).timestamp).toBe(NOW);
    const cst = sealedRequest();
    expect(cst.sealed.timestamp).toBe('20240305143000');
    expect(cst.codec.open(cst.sealed, cst.atPlatform).timestamp).toBe(NOW);
  });

  it('works with a private key given as 33 bytes with a leading 0x00', () => {
    const { codec, bff, atPlatform } = setup();
    const padded = Buffer.concat([Buffer.from([0]), Buffer.from(BFF_KEYS.privateKey, 'base64')]).toString(
      'base64',
    );
    const sealed = codec.seal({ ...bff, ownKeys: { ...BFF_KEYS, privateKey: padded } }, PAYMENT);
    expect(codec.open(sealed, atPlatform).data).toEqual(PAYMENT_CLEANED);
  });

  it('hands back the signed head fields a router needs: method, transType, orgId', () => {
    const { codec, bff, atPlatform } = setup();
    const terminal = codec.seal(bff, PAYMENT, { transType: 'ec.query', orgId: '231200P00001' });
    expect(codec.open(terminal, atPlatform)).toEqual({
      appId: APP_ID,
      data: PAYMENT_CLEANED,
      timestamp: NOW,
      transType: 'ec.query',
      orgId: '231200P00001',
    });
    const channelClient = codec.seal(bff, PAYMENT, { method: 'code.issue' });
    expect(codec.open(channelClient, atPlatform)).toMatchObject({ method: 'code.issue' });
    expect(codec.open(channelClient, atPlatform)).not.toHaveProperty('transType');
    const both = codec.seal(bff, PAYMENT, { method: 'ec.query', transType: 'ec.query' });
    expect(codec.open(both, atPlatform)).toMatchObject({ method: 'ec.query', transType: 'ec.query' });
  });

  it('leaves out an empty head field, which the sign string does not cover', () => {
    const { codec, sealed, atPlatform } = sealedRequest();
    const opened = codec.open({ ...sealed, transType: '', method: '' }, atPlatform);
    expect(opened).not.toHaveProperty('transType');
    expect(opened).not.toHaveProperty('method');
  });

  it('accepts a timestamp up to 5 minutes away on either side', () => {
    const { codec, sealed, atPlatform, setClock } = sealedRequest();
    setClock(NOW + 5 * MINUTE);
    expect(codec.open(sealed, atPlatform).timestamp).toBe(NOW);
    setClock(NOW - 5 * MINUTE);
    expect(codec.open(sealed, atPlatform).timestamp).toBe(NOW);
  });

  describe('refuses a malformed envelope with ENVELOPE_MALFORMED', () => {
    const { codec, sealed, atPlatform } = sealedRequest();
    const without = (field: keyof SealedEnvelope) => {
      const copy: Record<string, unknown> = { ...sealed };
      delete copy[field];
      return copy;
    };

    it.each([
      ['null', null],
      ['a string', JSON.stringify(sealed)],
      ['an array', [sealed]],
      ['a number', 42],
    ])('that is %s, not an object', (_label, raw) => {
      expect(envelopeError(() => codec.open(raw, atPlatform))).toBe('ENVELOPE_MALFORMED');
    });

    it.each(['appId', 'encType', 'signType', 'timestamp', 'version', 'encData', 'signData'] as const)(
      'without %s',
      (field) => {
        expect(envelopeError(() => codec.open(without(field), atPlatform))).toBe('ENVELOPE_MALFORMED');
        expect(envelopeError(() => codec.open({ ...sealed, [field]: '' }, atPlatform))).toBe(
          'ENVELOPE_MALFORMED',
        );
      },
    );

    it.each([
      ['encType AES', { encType: 'AES' }],
      ['signType RSA', { signType: 'RSA' }],
      ['encData that is not hex', { encData: 'NOT-HEX!' }],
      ['encData of odd length', { encData: 'ABC' }],
      ['an unreadable timestamp', { timestamp: '2024-03-05 14:30:00' }],
      ['a field that is an object', { version: { major: 2 } }],
      ['method and transType naming different transactions', { method: 'ec.query', transType: 'ec.other' }],
    ])('with %s', (_label, change) => {
      expect(envelopeError(() => codec.open({ ...sealed, ...change }, atPlatform))).toBe(
        'ENVELOPE_MALFORMED',
      );
    });
  });

  it('refuses an unknown appId with ENVELOPE_UNKNOWN_APP', () => {
    const { codec, sealed, atPlatform } = sealedRequest();
    expect(envelopeError(() => codec.open({ ...sealed, appId: 'NOT0REGISTERED000' }, atPlatform))).toBe(
      'ENVELOPE_UNKNOWN_APP',
    );
  });

  it.each([
    ['more than 5 minutes old', -1],
    ['more than 5 minutes ahead', +1],
  ])('refuses a timestamp %s with ENVELOPE_STALE', (_label, direction) => {
    const { codec, sealed, atPlatform, setClock } = sealedRequest();
    setClock(NOW - direction * (5 * MINUTE + 1000));
    expect(envelopeError(() => codec.open(sealed, atPlatform))).toBe('ENVELOPE_STALE');
  });

  describe('refuses encData that does not decrypt with ENVELOPE_UNREADABLE', () => {
    it.each([
      ['nodePrimitives', nodePrimitives],
      ['jsPrimitives', jsPrimitives],
    ])('when its last block is removed (%s)', (_name, primitives) => {
      const { codec, sealed, atPlatform } = sealedRequest({ primitives });
      expect(sealed.encData.length).toBeGreaterThan(64);
      const cut = { ...sealed, encData: sealed.encData.slice(0, -32) };
      expect(envelopeError(() => codec.open(cut, atPlatform))).toBe('ENVELOPE_UNREADABLE');
    });

    it('when it is not whole blocks', () => {
      const { codec, sealed, atPlatform } = sealedRequest();
      expect(
        envelopeError(() => codec.open({ ...sealed, encData: sealed.encData.slice(0, -2) }, atPlatform)),
      ).toBe('ENVELOPE_UNREADABLE');
    });

    it('when the receiver has another appSecret', () => {
      const { codec, sealed, platform } = sealedRequest();
      const elsewhere = { ...platform, appSecret: 'ANOTHER-SECRET-0000000000' };
      expect(envelopeError(() => codec.open(sealed, () => elsewhere))).toBe('ENVELOPE_UNREADABLE');
    });

    it('when the plaintext is not JSON', () => {
      const { codec, sealed, atPlatform } = sealedRequest();
      const notJson = encryptByHand('{"payOrdId":', workKeyByHand(APP_ID, APP_SECRET).workKey);
      expect(envelopeError(() => codec.open({ ...sealed, encData: notJson }, atPlatform))).toBe(
        'ENVELOPE_UNREADABLE',
      );
    });
  });

  describe('refuses a signature that does not verify with ENVELOPE_SIGNATURE_INVALID', () => {
    it('when signed with another key', () => {
      const { codec, bff, atPlatform } = setup();
      const sealed = codec.seal({ ...bff, ownKeys: generateSm2KeyPair() }, PAYMENT);
      expect(envelopeError(() => codec.open(sealed, atPlatform))).toBe('ENVELOPE_SIGNATURE_INVALID');
    });

    it('when the timestamp was changed, even within the window', () => {
      const { codec, sealed, atPlatform } = sealedRequest();
      const later = formatTimestamp(NOW + 1000, 'yyyyMMddHHmmss');
      expect(envelopeError(() => codec.open({ ...sealed, timestamp: later }, atPlatform))).toBe(
        'ENVELOPE_SIGNATURE_INVALID',
      );
    });

    it('when code or message was changed, or a signed field added', () => {
      const { codec, platform, atBff } = setup();
      const sealed = codec.seal(platform, { ordStas: '4' }, { code: '0', message: '成功' });
      for (const change of [{ code: '1' }, { message: '失败' }, { refundFlag: '1' }]) {
        expect(envelopeError(() => codec.open({ ...sealed, ...change }, atBff))).toBe(
          'ENVELOPE_SIGNATURE_INVALID',
        );
      }
    });

    it('when a terminal’s transType or orgId was changed, renamed, dropped or added', () => {
      const { codec, bff, atPlatform } = setup();
      const sealed = codec.seal(bff, { a: 1 }, { transType: 'ec.query', orgId: '231200P00001' });
      expect(codec.open(sealed, atPlatform).transType).toBe('ec.query');
      const { transType, orgId, ...bare } = sealed;
      for (const changed of [
        { ...sealed, transType: 'cn.nhsa.ec.auth' },
        { ...bare, orgId, method: transType },
        { ...bare, orgId },
        { ...sealed, orgId: '231200P00002' },
        { ...bare, transType },
      ]) {
        expect(envelopeError(() => codec.open(changed, atPlatform))).toBe('ENVELOPE_SIGNATURE_INVALID');
      }
      const request = codec.seal(bff, { a: 1 }, { method: 'ec.query' });
      expect(envelopeError(() => codec.open({ ...request, transType: 'ec.query' }, atPlatform))).toBe(
        'ENVELOPE_SIGNATURE_INVALID',
      );
    });

    it('when the data was re-encrypted with other content', () => {
      const { codec, sealed, atPlatform } = sealedRequest();
      const changed = encryptByHand(
        PAYMENT_JSON.replace('12.3', '1.23'),
        workKeyByHand(APP_ID, APP_SECRET).workKey,
      );
      expect(envelopeError(() => codec.open({ ...sealed, encData: changed }, atPlatform))).toBe(
        'ENVELOPE_SIGNATURE_INVALID',
      );
    });

    it('when the signature is not 64 bytes of Base64', () => {
      const { codec, sealed, atPlatform } = sealedRequest();
      for (const signData of ['not base64!', sealed.signData.slice(0, 20)]) {
        expect(envelopeError(() => codec.open({ ...sealed, signData }, atPlatform))).toBe(
          'ENVELOPE_SIGNATURE_INVALID',
        );
      }
    });

    it('when the two ends use different SM2 user IDs', () => {
      const { codec, sealed, atPlatform } = sealedRequest({
        sm2UserId: APP_SECRET,
        platformSm2UserId: '1234567812345678',
      });
      expect(envelopeError(() => codec.open(sealed, atPlatform))).toBe('ENVELOPE_SIGNATURE_INVALID');
      const matching = sealedRequest({ sm2UserId: APP_SECRET });
      expect(matching.codec.open(matching.sealed, matching.atPlatform).data).toEqual(PAYMENT_CLEANED);
    });
  });
});

describe('EnvelopeError codes', () => {
  it('are all in the error catalogue, with distinct messages', () => {
    const codes: EnvelopeErrorCode[] = [
      'ENVELOPE_MALFORMED',
      'ENVELOPE_UNKNOWN_APP',
      'ENVELOPE_STALE',
      'ENVELOPE_UNREADABLE',
      'ENVELOPE_SIGNATURE_INVALID',
    ];
    for (const code of codes) expect(isErrorCode(code)).toBe(true);
    expect(new Set(codes.map((code) => ERRORS[code].message)).size).toBe(codes.length);
  });
});
