// Claims in progress (ClaimStore): moved step by step while live; once ended (completed or
// expired) they take no more writes and hold none of the person's data — only the ids and
// times the audit trail keeps. The SMS log counts sends per phone for the daily cap.
import { STORE_IMPLEMENTATIONS } from './implementations';
import { claim, storesUnderTest, T0 } from './support';

/** What a claim holds of the person (the document's type says nothing of them, and stays). */
const PERSONAL_DATA = {
  name: null,
  docNumber: null,
  birthDate: null,
  phone: null,
  maskedName: null,
  smsCodeHash: null,
  faceId: null,
};

describe.each(STORE_IMPLEMENTATIONS)('the claim store on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  it('keeps a claim as written and changes a live one', async () => {
    const { claims } = t.stores;
    await claims.insert(claim('C1'));
    expect(await claims.get('C1')).toEqual(claim('C1'));
    expect(await claims.get('C404')).toBeUndefined();
    expect(
      await claims.update('C1', { step: 'face', smsAttempts: 1, syncAvailable: false, faceId: 'F1' }),
    ).toBe(true);
    expect(await claims.update('C1', {})).toBe(true);
    expect(await claims.get('C1')).toEqual({
      ...claim('C1'),
      step: 'face',
      smsAttempts: 1,
      syncAvailable: false,
      faceId: 'F1',
    });
    expect(await claims.update('C404', { step: 'face' })).toBe(false);
  });

  it('completes a claim: its step says done, and the person’s data is gone for good', async () => {
    const { claims } = t.stores;
    await claims.insert(claim('C1'));
    await claims.complete('C1');
    expect(await claims.get('C1')).toEqual({ ...claim('C1'), ...PERSONAL_DATA, step: 'done' });
    // An upstream answer arriving late writes nothing back.
    expect(await claims.update('C1', { name: '张三', phone: '13800000000' })).toBe(false);
    expect(await claims.get('C1')).toMatchObject(PERSONAL_DATA);
  });

  it('treats an expired claim as gone: not read, not written, purged', async () => {
    const { claims } = t.stores;
    await claims.insert(claim('C1'));
    t.advance(30 * 60_000);
    expect(await claims.get('C1')).toBeDefined(); // expires after its last millisecond
    t.advance(1);
    expect(await claims.get('C1')).toBeUndefined();
    expect(await claims.update('C1', { step: 'face' })).toBe(false);
    expect(await claims.get('C1')).toBeUndefined();
  });

  it('purges every expired claim still holding data, once, and no live one', async () => {
    const { claims } = t.stores;
    await claims.insert(claim('OLD1'));
    await claims.insert(claim('OLD2'));
    await claims.insert(claim('DONE'));
    await claims.complete('DONE');
    t.advance(20 * 60_000);
    await claims.insert(claim('LIVE', t.now()));
    t.advance(11 * 60_000);
    // DONE expired too, but held nothing any more.
    expect(await claims.purgeExpired()).toBe(2);
    expect(await claims.purgeExpired()).toBe(0);
    expect(await claims.get('LIVE')).toEqual(claim('LIVE', T0 + 20 * 60_000));
  });

  it('counts the SMS sent to a phone since a time, and forgets the old ones', async () => {
    const { claims } = t.stores;
    await claims.logSms('13800000000', T0 - 2 * 86_400_000);
    await claims.logSms('13800000000', T0 - 3600_000);
    await claims.logSms('13800000000', T0);
    await claims.logSms('13900000000', T0);
    expect(await claims.smsCountSince('13800000000', T0 - 86_400_000)).toBe(2);
    expect(await claims.smsCountSince('13800000000', T0)).toBe(1);
    expect(await claims.smsCountSince('13700000000', 0)).toBe(0);
    expect(await claims.forgetSmsBefore(T0 - 86_400_000)).toBe(1);
    expect(await claims.smsCountSince('13800000000', 0)).toBe(2);
  });
});
