// Bindings (BindingStore): which insured person a platform account claimed the voucher as.
// A change saved is read back at once; a binding not found is never remembered as missing.
import { STORE_IMPLEMENTATIONS } from './implementations';
import { binding, storesUnderTest } from './support';

describe.each(STORE_IMPLEMENTATIONS)('the binding store on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  it('saves, finds, replaces and removes a platform account’s binding', async () => {
    const { bindings } = t.stores;
    expect(await bindings.find('wechat', 'openid-1')).toBeUndefined();
    await bindings.save(binding('openid-1'));
    expect(await bindings.find('wechat', 'openid-1')).toEqual(binding('openid-1'));
    expect(await bindings.find('alipay', 'openid-1')).toBeUndefined();

    const moved = { ...binding('openid-1'), regionName: '哈尔滨市', insutype: '390' as const };
    await bindings.save(moved);
    expect(await bindings.find('wechat', 'openid-1')).toEqual(moved);
    await bindings.remove('wechat', 'openid-1');
    expect(await bindings.find('wechat', 'openid-1')).toBeUndefined();
    await bindings.remove('wechat', 'openid-1');
  });

  it('lists every platform account bound to a person, and only theirs', async () => {
    const { bindings } = t.stores;
    await bindings.save(binding('openid-1', 'P001', 'wechat'));
    await bindings.save(binding('alipay-1', 'P001', 'alipay'));
    await bindings.save(binding('openid-2', 'P002', 'wechat'));
    const of = await bindings.ofPerson('P001');
    expect(of.map((b) => `${b.channel}:${b.platformUserId}`).sort()).toEqual([
      'alipay:alipay-1',
      'wechat:openid-1',
    ]);
    expect(await bindings.ofPerson('P404')).toEqual([]);
  });
});
