// Preferences (PreferenceStore): 大字模式 and the like per platform account, off until chosen.
import { STORE_IMPLEMENTATIONS } from './implementations';
import { storesUnderTest } from './support';

describe.each(STORE_IMPLEMENTATIONS)('the preference store on $name', (implementation) => {
  const t = storesUnderTest(implementation);

  it('answers the defaults until something is chosen, then what was chosen, per account', async () => {
    const { preferences } = t.stores;
    expect(await preferences.get('wechat', 'openid-1')).toEqual({ largeText: false });
    expect(await preferences.save('wechat', 'openid-1', { largeText: true })).toEqual({ largeText: true });
    expect(await preferences.get('wechat', 'openid-1')).toEqual({ largeText: true });
    expect(await preferences.get('alipay', 'openid-1')).toEqual({ largeText: false });
    await preferences.save('wechat', 'openid-1', { largeText: false });
    expect(await preferences.get('wechat', 'openid-1')).toEqual({ largeText: false });
  });
});
