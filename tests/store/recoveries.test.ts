// Recoveries in progress (RecoveryStore): moved step by step while live; an ended or expired
// one is gone, with the person's data in it.
import type { RecoveryRecord } from '../../bff/src/store/records';
import { STORE_IMPLEMENTATIONS } from './implementations';
import { storesUnderTest, T0 } from './support';

const recovery = (recoveryId: string, platformUserId = 'openid-1', at = T0): RecoveryRecord => ({
  recoveryId,
  purpose: 'password_reset',
  channel: 'wechat',
  platformUserId,
  step: 'sms',
  psnNo: 'P001',
  claimId: null,
  name: '张三',
  docType: 'resident_id',
  docNumber: '230102198001010011',
  phone: '13800000000',
  smsCodeHash: 'hash',
  smsSentAt: at,
  smsExpiresAt: at + 5 * 60_000,
  smsAttempts: 0,
  faceId: null,
  faceAttempts: 0,
  faceCheckId: null,
  createdAt: at,
  expiresAt: at + 30 * 60_000,
});

describe.each(STORE_IMPLEMENTATIONS)('the recovery store on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  it('keeps a recovery as written, changes it while live, and removes it when it ends', async () => {
    const { recoveries } = t.stores;
    await recoveries.insert(recovery('R1'));
    expect(await recoveries.get('R1')).toEqual(recovery('R1'));
    expect(await recoveries.update('R1', { step: 'face', smsAttempts: 1, faceId: 'F1' })).toBe(true);
    expect(await recoveries.get('R1')).toEqual({
      ...recovery('R1'),
      step: 'face',
      smsAttempts: 1,
      faceId: 'F1',
    });
    await recoveries.remove('R1');
    expect(await recoveries.get('R1')).toBeUndefined();
    expect(await recoveries.update('R1', { step: 'password' })).toBe(false);
  });

  it('treats an expired recovery as gone: not read, not written', async () => {
    const { recoveries } = t.stores;
    await recoveries.insert(recovery('R1'));
    t.advance(30 * 60_000);
    expect(await recoveries.get('R1')).toBeDefined(); // expires after its last millisecond
    t.advance(1);
    expect(await recoveries.update('R1', { step: 'face' })).toBe(false);
    expect(await recoveries.get('R1')).toBeUndefined();
  });

  it('sweeps every expired recovery, once, and no live one', async () => {
    const { recoveries } = t.stores;
    await recoveries.insert(recovery('R1'));
    await recoveries.insert(recovery('R2'));
    t.advance(20 * 60_000);
    await recoveries.insert(recovery('LIVE', 'openid-1', t.now()));
    t.advance(10 * 60_000 + 1);
    expect(await recoveries.purgeExpired()).toBe(2);
    expect(await recoveries.purgeExpired()).toBe(0);
    expect(await recoveries.get('LIVE')).toBeDefined();
  });

  it('removes every recovery of a platform account, and no other', async () => {
    const { recoveries } = t.stores;
    await recoveries.insert(recovery('R1'));
    await recoveries.insert({ ...recovery('R2'), purpose: 'phone_replace' });
    await recoveries.insert(recovery('R3', 'openid-2'));
    expect(await recoveries.removeOfUser('wechat', 'openid-1')).toBe(2);
    expect(await recoveries.get('R1')).toBeUndefined();
    expect(await recoveries.get('R3')).toBeDefined();
  });
});
