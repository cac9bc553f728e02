// The last good copy of the platform's answers (LastGoodStore): per platform account, kind and
// variant; a slower answer never replaces a newer one; gone with the account's consent.
import { STORE_IMPLEMENTATIONS } from './implementations';
import { storesUnderTest } from './support';

describe.each(STORE_IMPLEMENTATIONS)('the last-good store on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  it('keeps one copy per account, kind and variant, and answers nothing it did not keep', async () => {
    const { lastGood } = t.stores;
    expect(await lastGood.get('wechat', 'o1', 'account', '')).toBeUndefined();
    await lastGood.put('wechat', 'o1', 'account', '', { sealed: 'A1', savedAt: 1_000 });
    await lastGood.put('wechat', 'o1', 'records', 'month=2026-12', { sealed: 'R1', savedAt: 1_000 });
    expect(await lastGood.get('wechat', 'o1', 'account', '')).toEqual({ sealed: 'A1', savedAt: 1_000 });
    expect(await lastGood.get('wechat', 'o1', 'records', 'month=2026-12')).toEqual({
      sealed: 'R1',
      savedAt: 1_000,
    });
    expect(await lastGood.get('wechat', 'o1', 'records', '')).toBeUndefined();
    expect(await lastGood.get('alipay', 'o1', 'account', '')).toBeUndefined();
    expect(await lastGood.get('wechat', 'o2', 'account', '')).toBeUndefined();
  });

  it('replaces a copy with a newer one, never with an older one', async () => {
    const { lastGood } = t.stores;
    await lastGood.put('wechat', 'o1', 'account', '', { sealed: 'A2', savedAt: 2_000 });
    await lastGood.put('wechat', 'o1', 'account', '', { sealed: 'A1', savedAt: 1_000 });
    expect(await lastGood.get('wechat', 'o1', 'account', '')).toEqual({ sealed: 'A2', savedAt: 2_000 });
    await lastGood.put('wechat', 'o1', 'account', '', { sealed: 'A3', savedAt: 3_000 });
    expect(await lastGood.get('wechat', 'o1', 'account', '')).toEqual({ sealed: 'A3', savedAt: 3_000 });
  });

  it('forgets the account’s copies when its binding is removed (unbinding)', async () => {
    const { lastGood, bindings } = t.stores;
    await lastGood.put('wechat', 'o1', 'account', '', { sealed: 'A1', savedAt: 1_000 });
    await lastGood.put('alipay', 'a1', 'account', '', { sealed: 'B1', savedAt: 1_000 });
    await bindings.remove('wechat', 'o1');
    expect(await lastGood.get('wechat', 'o1', 'account', '')).toBeUndefined();
    expect(await lastGood.get('alipay', 'a1', 'account', '')).toEqual({ sealed: 'B1', savedAt: 1_000 });
  });

  it('forgets the account’s copies when it withdraws consent, and keeps other accounts’', async () => {
    const { lastGood, withdrawal } = t.stores;
    await lastGood.put('wechat', 'o1', 'account', '', { sealed: 'A1', savedAt: 1_000 });
    await lastGood.put('wechat', 'o1', 'records', '', { sealed: 'R1', savedAt: 1_000 });
    await lastGood.put('alipay', 'a1', 'account', '', { sealed: 'B1', savedAt: 1_000 });
    await withdrawal.erase('wechat', 'o1', null);
    expect(await lastGood.get('wechat', 'o1', 'account', '')).toBeUndefined();
    expect(await lastGood.get('wechat', 'o1', 'records', '')).toBeUndefined();
    expect(await lastGood.get('alipay', 'a1', 'account', '')).toEqual({ sealed: 'B1', savedAt: 1_000 });
  });
});
