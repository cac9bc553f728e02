// The binding store's reuse of what it read: ten seconds for a binding another BFF process
// may have changed, at once for a change saved here, and never for a binding not found.
import { createBindingStore, type Binding } from '../../bff/src/store/bindings';
import { openBffDatabase } from '../../bff/src/store/db';

const BINDING: Binding = {
  channel: 'wechat',
  platformUserId: 'openid-1',
  psnNo: 'P001',
  maskedName: '*三',
  maskedIdNumber: '2301**********0011',
  insutype: '310',
  regionName: '绥化市',
  activatedAt: Date.parse('2025-03-10T01:00:00Z'),
};

describe('the binding store', () => {
  it('reuses a binding it read for ten seconds; a change saved here applies at once', () => {
    const db = openBffDatabase(':memory:');
    let clock = Date.parse('2025-03-10T02:00:00Z');
    const store = createBindingStore(db, () => clock);
    // Another BFF process on the same database (its own store, its own reuse).
    const other = createBindingStore(db, () => clock);

    // Not found is not remembered: a claim finished elsewhere shows here at once.
    expect(store.find('wechat', 'openid-1')).toBeUndefined();
    other.save(BINDING);
    expect(store.find('wechat', 'openid-1')).toMatchObject({ psnNo: 'P001', regionName: '绥化市' });

    other.save({ ...BINDING, regionName: '哈尔滨市' });
    clock += 9_000;
    expect(store.find('wechat', 'openid-1')).toMatchObject({ regionName: '绥化市' });
    clock += 1_000;
    expect(store.find('wechat', 'openid-1')).toMatchObject({ regionName: '哈尔滨市' });

    store.save({ ...BINDING, regionName: '大庆市' });
    expect(store.find('wechat', 'openid-1')).toMatchObject({ regionName: '大庆市' });
    store.remove('wechat', 'openid-1');
    expect(store.find('wechat', 'openid-1')).toBeUndefined();
  });
});
