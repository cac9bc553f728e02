// Envelopes made and read with sm-crypto only, the way a counterparty's code does it, against
// our codec: the sign string, work key, SM4 and SM3withSM2 are all written out by hand here.
import { createEnvelopeCodec, generateSm2KeyPair, jsPrimitives, type EnvelopeChannel } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';

import { decryptByHand, encryptByHand, signByHand, verifyByHand, workKeyByHand } from './by-hand';

const NOW = Date.UTC(2024, 2, 5, 6, 30, 0); // 2024-03-05 14:30:00 in UTC+8
const APP_ID = 'H4403050000001XYZ';
const APP_SECRET = 'Q2Z8ND7K5T1WX0PB';
const OUR_KEYS = generateSm2KeyPair();
const THEIR_KEYS = generateSm2KeyPair();

function setup(sm2UserId: string) {
  const ours: EnvelopeChannel = {
    appId: APP_ID,
    appSecret: APP_SECRET,
    ownKeys: OUR_KEYS,
    peerPublicKey: THEIR_KEYS.publicKey,
    sm2UserId,
  };
  return {
    node: createEnvelopeCodec({ primitives: nodePrimitives, now: () => NOW }),
    js: createEnvelopeCodec({ primitives: jsPrimitives, now: () => NOW }),
    ours,
    findChannel: (appId: string) => (appId === APP_ID ? ours : undefined),
    workKey: workKeyByHand(APP_ID, APP_SECRET).workKey,
  };
}

describe.each([
  ['the appSecret (NHSA demo lineage)', APP_SECRET],
  ['"1234567812345678" (sm-crypto lineage)', '1234567812345678'],
])('an envelope with SM2 user ID %s', (_label, userId) => {
  it('built by hand with sm-crypto opens in our codec', () => {
    const { node, js, findChannel, workKey } = setup(userId);
    const json = '{"feeSumamt":"36.50","ordStas":"4","psnName":"王小明","setlType":"HI"}';
    const signString =
      `appId=${APP_ID}&code=0&data=${json}&encType=SM4&message=处理成功&signType=SM2` +
      `&timestamp=20240305142958&version=2.0.1&key=${APP_SECRET}`;
    const envelope = {
      appId: APP_ID,
      code: '0',
      message: '处理成功',
      encType: 'SM4',
      signType: 'SM2',
      timestamp: '20240305142958',
      version: '2.0.1',
      encData: encryptByHand(json, workKey),
      signData: signByHand(signString, THEIR_KEYS, userId),
    };
    const expected = {
      appId: APP_ID,
      code: '0',
      message: '处理成功',
      data: { feeSumamt: '36.50', ordStas: '4', psnName: '王小明', setlType: 'HI' },
      timestamp: NOW - 2000,
    };
    expect(node.open(envelope, findChannel)).toEqual(expected);
    expect(js.open(envelope, findChannel)).toEqual(expected);
  });

  it('sealed by our codec opens by hand with sm-crypto', () => {
    const { node, ours, workKey } = setup(userId);
    const sealed = node.seal(ours, { payAuthNo: 'AUTH-001', orgBizSer: 'BIZ-9', acctUsedFlag: '1', ext: {} });
    const json = decryptByHand(sealed.encData, workKey);
    expect(json).toBe('{"acctUsedFlag":"1","orgBizSer":"BIZ-9","payAuthNo":"AUTH-001"}');
    const signString =
      `appId=${APP_ID}&data=${json}&encType=SM4&signType=SM2` +
      `&timestamp=${sealed.timestamp}&version=2.0.1&key=${APP_SECRET}`;
    expect(sealed.timestamp).toBe('20240305143000');
    expect(verifyByHand(signString, sealed.signData, OUR_KEYS.publicKey, userId)).toBe(true);
  });
});

describe('an envelope from a counterparty that encrypted unsorted, spaced JSON', () => {
  it('opens, because the signature is checked over the canonical sign string', () => {
    const { node, findChannel, workKey } = setup(APP_SECRET);
    const sentJson = '{"setlType": "HI", "ordStas": "4", "memo": ""}';
    const signString =
      `appId=${APP_ID}&data={"ordStas":"4","setlType":"HI"}&encType=SM4&signType=SM2` +
      `&timestamp=${NOW}&version=2.0.1&key=${APP_SECRET}`;
    const envelope = {
      appId: APP_ID,
      encType: 'SM4',
      signType: 'SM2',
      timestamp: NOW,
      version: '2.0.1',
      encData: encryptByHand(sentJson, workKey).toLowerCase(),
      signData: signByHand(signString, THEIR_KEYS, APP_SECRET),
    };
    // The data comes back as sent; only the sign string is canonical.
    expect(node.open(envelope, findChannel).data).toEqual({ setlType: 'HI', ordStas: '4', memo: '' });
  });
});
