// WeChat face verification through the client: a session per person, the outcome the
// user reached on the phone (set through the dev control), and cert_hash binding the
// result to the same identity.
import { certHash, WechatError } from '../../bff/src/clients/wechat';
import { rejectionOf } from './helpers';
import { startWechat, type WechatRig } from './wechat-support';

const person = { openid: 'o-face-user', name: '张三', idNumber: '310101199801011234' };

async function setFaceResult(rig: WechatRig, verifyId: string, result: string) {
  return fetch(`${rig.url}/dev/face-result`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ verify_id: verifyId, result }),
  });
}

describe('certHash', () => {
  it('matches WeChat’s published example', () => {
    expect(certHash('IDENTITY_CARD', '张三', '310101199801011234')).toBe(
      '3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b',
    );
  });
});

describe('WeChat face verification', () => {
  let rig: WechatRig;
  beforeAll(async () => {
    rig = await startWechat();
  });
  afterAll(() => rig.close());

  it('is pending until the user finishes on the phone', async () => {
    const client = rig.client();
    const { verifyId, expiresInSec } = await client.getVerifyId(person);
    expect(expiresInSec).toBe(3600);
    await expect(client.queryVerifyResult({ ...person, verifyId })).resolves.toBe('pending');
  });

  it.each([
    ['pass', 10000],
    ['fail', 10004],
    ['cancel', 90004],
  ] as const)('reports %s (verify_ret %i)', async (result, verifyRet) => {
    const client = rig.client();
    const { verifyId } = await client.getVerifyId(person);
    const res = await setFaceResult(rig, verifyId, result);
    expect(await res.json()).toEqual({ ok: true, verify_ret: verifyRet });
    await expect(client.queryVerifyResult({ ...person, verifyId })).resolves.toBe(result);
  });

  it('refuses a query for another identity (cert_hash mismatch)', async () => {
    const client = rig.client();
    const { verifyId } = await client.getVerifyId(person);
    await setFaceResult(rig, verifyId, 'pass');
    const error = await rejectionOf(client.queryVerifyResult({ ...person, name: '李四', verifyId }));
    expect(error).toBeInstanceOf(WechatError);
    expect((error as WechatError).errcode).toBe(40097);
    expect((error as WechatError).errmsg).toMatch(/cert_hash/);
  });

  it('refuses a query by another openid', async () => {
    const client = rig.client();
    const { verifyId } = await client.getVerifyId(person);
    const error = await rejectionOf(
      client.queryVerifyResult({ ...person, openid: 'o-someone-else', verifyId }),
    );
    expect((error as WechatError).errcode).toBe(40097);
  });

  it('refuses a verify_id that has expired', async () => {
    const client = rig.client();
    const { verifyId } = await client.getVerifyId(person);
    rig.clock.advance(3600 * 1000);
    const error = await rejectionOf(client.queryVerifyResult({ ...person, verifyId }));
    expect((error as WechatError).errcode).toBe(40097);
  });

  it('refuses to open a session for a malformed ID number', async () => {
    const error = await rejectionOf(rig.client().getVerifyId({ ...person, idNumber: '12345' }));
    expect((error as WechatError).errcode).toBe(40097);
  });

  it('answers 404 from the dev control for an unknown verify_id', async () => {
    expect((await setFaceResult(rig, 'nope', 'pass')).status).toBe(404);
  });
});
