// Subscribe messages through the client: delivered (and kept by the fake) when the user
// has a subscription, refused with 43101 when not, and bad data or pages caught as
// WeChat catches them.
import { startWechat, type WechatRig } from './wechat-support';

const TEMPLATE = 'TPL-bill-created-0001';
const bill = {
  touser: 'o-subscriber',
  templateId: TEMPLATE,
  page: 'pages/pay/index?billId=B1',
  data: { thing1: '门诊缴费', amount2: '¥12.50', time3: '2026年3月2日 09:30' },
};

async function grant(rig: WechatRig, body: Record<string, unknown>) {
  const res = await fetch(`${rig.url}/dev/subscription`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.json();
}

async function inbox(rig: WechatRig, touser: string) {
  const res = await fetch(`${rig.url}/dev/messages?touser=${touser}`);
  return ((await res.json()) as { messages: Array<Record<string, unknown>> }).messages;
}

describe('WeChat subscribe messages', () => {
  let rig: WechatRig;
  beforeEach(async () => {
    rig = await startWechat({ templates: { [TEMPLATE]: ['thing1', 'amount2', 'time3'] } });
    // The subscriber has signed in once, so WeChat knows the openid.
    rig.mintLoginCode(bill.touser);
  });
  afterEach(() => rig.close());

  it('delivers a message the user subscribed to, and the fake keeps it', async () => {
    await grant(rig, { openid: bill.touser, template_id: TEMPLATE });
    const result = await rig.client().sendSubscribeMessage(bill);
    expect(result).toEqual({ ok: true, msgid: expect.stringMatching(/^\d+$/) });
    const messages = await inbox(rig, bill.touser);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      touser: bill.touser,
      template_id: TEMPLATE,
      page: bill.page,
      data: { thing1: { value: '门诊缴费' } },
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    });
  });

  it('refuses with 43101 when the user has not subscribed, and after a one-time grant is used', async () => {
    const client = rig.client();
    await expect(client.sendSubscribeMessage(bill)).resolves.toMatchObject({
      ok: false,
      reason: 'refused',
      errcode: 43101,
    });
    await grant(rig, { openid: bill.touser, template_id: TEMPLATE, count: 1 });
    await expect(client.sendSubscribeMessage(bill)).resolves.toMatchObject({ ok: true });
    await expect(client.sendSubscribeMessage(bill)).resolves.toMatchObject({ ok: false, reason: 'refused' });
    expect(await inbox(rig, bill.touser)).toHaveLength(1);
  });

  it('keeps delivering under a long-term subscription', async () => {
    await grant(rig, { openid: bill.touser, long_term: true });
    const client = rig.client();
    for (let i = 0; i < 3; i += 1)
      await expect(client.sendSubscribeMessage(bill)).resolves.toMatchObject({ ok: true });
  });

  it('refuses a thing value over 20 characters with 47003', async () => {
    await grant(rig, { openid: bill.touser, long_term: true });
    const result = await rig.client().sendSubscribeMessage({
      ...bill,
      data: { ...bill.data, thing1: '一二三四五六七八九十一二三四五六七八九十一' },
    });
    expect(result).toMatchObject({ ok: false, reason: 'bad_data', errcode: 47003 });
  });

  it('refuses data that does not fit the template with 47003', async () => {
    await grant(rig, { openid: bill.touser, long_term: true });
    const result = await rig.client().sendSubscribeMessage({ ...bill, data: { thing1: '门诊缴费' } });
    expect(result).toMatchObject({ ok: false, reason: 'bad_data' });
  });

  it('refuses a page that is not a mini-program page with 41030', async () => {
    await grant(rig, { openid: bill.touser, long_term: true });
    const result = await rig.client().sendSubscribeMessage({ ...bill, page: 'https://example.com/pay' });
    expect(result).toMatchObject({ ok: false, reason: 'bad_page', errcode: 41030 });
  });

  it('refuses an unknown template (40037) and an unknown user (40003)', async () => {
    const client = rig.client();
    await grant(rig, { openid: bill.touser, long_term: true });
    await expect(client.sendSubscribeMessage({ ...bill, templateId: 'TPL-none' })).resolves.toMatchObject({
      ok: false,
      reason: 'bad_template',
    });
    await expect(client.sendSubscribeMessage({ ...bill, touser: 'o-never-seen' })).resolves.toMatchObject({
      ok: false,
      reason: 'bad_user',
    });
  });
});
