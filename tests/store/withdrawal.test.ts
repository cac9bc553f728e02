// Withdrawing consent (WithdrawalStore): deletes, all at once, what the stores hold about one
// platform account that no other binding needs — the person's inbox only with their last
// binding — and never another person's rows, nor the audit trail.
import { STORE_IMPLEMENTATIONS } from './implementations';
import { bill, binding, claim, platformEvent, storesUnderTest } from './support';

describe.each(STORE_IMPLEMENTATIONS)('withdrawing consent on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  async function someoneWithEverything(channel: 'wechat' | 'alipay', platformUserId: string, psnNo: string) {
    const { stores } = t;
    await stores.bindings.save(binding(platformUserId, psnNo, channel));
    const { token } = await stores.sessions.create({
      platform: channel === 'wechat' ? 'weapp' : 'alipay',
      channel,
      platformUserId,
    });
    const claimId = `C-${platformUserId}`;
    await stores.claims.insert({ ...claim(claimId, t.now(), platformUserId), channel });
    await stores.consents.record({
      channel,
      platformUserId,
      claimId,
      agreedAt: t.now(),
      documents: [{ key: 'privacy', version: '2026-11' }],
    });
    await stores.preferences.save(channel, platformUserId, { largeText: true });
    await stores.bills.insert(bill(`B-${platformUserId}`, psnNo));
    await stores.notifications.enqueue(`B-${platformUserId}`, channel, platformUserId);
    await platformEvent(stores, `E-${platformUserId}`);
    await stores.inbox.add({
      psnNo,
      kind: 'bill',
      title: '待支付账单',
      body: '¥10.00',
      billId: `B-${platformUserId}`,
      eventId: `E-${platformUserId}`,
      createdAt: '2026-12-07T10:00:00.000Z',
    });
    await stores.audit.record({ action: 'voucher.activate', outcome: 'ok', channel, platformUserId, psnNo });
    return { token, claimId };
  }

  it('erases one account, keeping the inbox while another is bound to the person, and it goes with the last', async () => {
    const { stores } = t;
    const wechat = await someoneWithEverything('wechat', 'openid-1', 'P001');
    const alipay = await someoneWithEverything('alipay', 'alipay-1', 'P001');
    const other = await someoneWithEverything('wechat', 'openid-2', 'P002');

    expect(await stores.withdrawal.erase('wechat', 'openid-1', 'P001')).toEqual({
      binding: 1,
      sessions: 1,
      claims: 1,
      consents: 1,
      preferences: 1,
      recoveries: 0,
      notifications: 1,
      inbox: 0,
    });
    expect(await stores.bindings.find('wechat', 'openid-1')).toBeUndefined();
    expect(await stores.sessions.resolve(wechat.token)).toBeUndefined();
    expect(await stores.claims.get(wechat.claimId)).toBeUndefined();
    expect(await stores.consents.ofUser('wechat', 'openid-1', 10)).toEqual([]);
    expect(await stores.preferences.get('wechat', 'openid-1')).toEqual({ largeText: false });
    expect((await stores.inbox.page('P001', { limit: 10 })).messages).toHaveLength(2);
    expect(await stores.sessions.resolve(alipay.token)).toBeDefined();

    const last = await stores.withdrawal.erase('alipay', 'alipay-1', 'P001');
    expect(last).toMatchObject({ binding: 1, sessions: 1, inbox: 2 });
    expect(await stores.inbox.page('P001', { limit: 10 })).toEqual({ messages: [] });
    expect(await stores.bindings.ofPerson('P001')).toEqual([]);
    expect(await stores.notifications.counts()).toEqual({ pending: 1 });

    // Someone else's rows stay; the audit trail keeps its identifiers.
    expect(await stores.bindings.find('wechat', 'openid-2')).toBeDefined();
    expect(await stores.sessions.resolve(other.token)).toBeDefined();
    expect(await stores.claims.get(other.claimId)).toBeDefined();
    expect((await stores.inbox.page('P002', { limit: 10 })).messages).toHaveLength(1);
    expect(await stores.audit.ofPerson('P001')).toHaveLength(2);
  });

  it('erases an account that never finished a claim (no person yet)', async () => {
    const { stores } = t;
    await stores.claims.insert(claim('C1'));
    await stores.recoveries.insert({
      recoveryId: 'R1',
      purpose: 'password_reset',
      channel: 'wechat',
      platformUserId: 'openid-1',
      step: 'sms',
      psnNo: null,
      claimId: 'C1',
      name: null,
      docType: null,
      docNumber: null,
      phone: null,
      smsCodeHash: null,
      smsSentAt: null,
      smsExpiresAt: null,
      smsAttempts: 0,
      faceId: null,
      faceAttempts: 0,
      faceCheckId: null,
      createdAt: t.now(),
      expiresAt: t.now() + 60_000,
    });
    expect(await stores.withdrawal.erase('wechat', 'openid-1', null)).toMatchObject({
      binding: 0,
      claims: 1,
      recoveries: 1,
      inbox: 0,
    });
    expect(await stores.recoveries.get('R1')).toBeUndefined();
  });
});
