// Withdrawing consent deletes, in one transaction, what the BFF holds about one platform
// account that no other binding needs: the person's inbox stays while their other platform's
// binding does, and goes with the last one; another person's rows are never touched.
import { createBindingStore, type Binding } from '../../bff/src/store/bindings';
import { openBffDatabase } from '../../bff/src/store/db';
import { createInboxStore } from '../../bff/src/store/inbox';
import { createPreferenceStore } from '../../bff/src/store/preferences';
import { createSessionStore } from '../../bff/src/store/sessions';
import { createWithdrawalStore } from '../../bff/src/store/withdrawal';

const binding = (channel: Binding['channel'], platformUserId: string, psnNo: string): Binding => ({
  channel,
  platformUserId,
  psnNo,
  maskedName: '张*',
  maskedIdNumber: '2301**********0011',
  insutype: '310',
  regionName: '绥化市',
  activatedAt: 1,
});

function setup() {
  const db = openBffDatabase(':memory:');
  const now = () => Date.parse('2026-12-07T10:00:00Z');
  const bindings = createBindingStore(db, now);
  const inbox = createInboxStore(db, now);
  const preferences = createPreferenceStore(db, now);
  const sessions = createSessionStore(db, now);
  const withdrawal = createWithdrawalStore(db);
  let events = 0;
  const message = (psnNo: string) => {
    events += 1;
    const eventId = `EVT${events}`;
    db.prepare(
      "INSERT INTO inbound_events (event_id, type, app_id, payload_json, occurred_at, received_at) VALUES (?, 'bill.created', 'app', '{}', '', 0)",
    ).run(eventId);
    inbox.add({ psnNo, kind: 'bill', title: '待支付账单', body: '¥10.00', eventId, createdAt: '2026-12-07' });
  };
  const count = (table: string, psnNo: string) =>
    db.prepare(`SELECT count(*) FROM ${table} WHERE psn_no = ?`).pluck().get(psnNo);
  return { db, bindings, preferences, sessions, withdrawal, message, count };
}

describe('withdrawing consent', () => {
  it('keeps the inbox while another platform is bound to the person, and deletes it with the last', async () => {
    const t = setup();
    t.bindings.save(binding('wechat', 'openid-1', 'P001'));
    t.bindings.save(binding('alipay', 'alipay-1', 'P001'));
    t.bindings.save(binding('wechat', 'openid-2', 'P002'));
    t.message('P001');
    t.message('P002');
    await t.preferences.save('wechat', 'openid-1', { largeText: true });
    t.sessions.create({ platform: 'weapp', channel: 'wechat', platformUserId: 'openid-1' });

    const first = await t.withdrawal.erase('wechat', 'openid-1', 'P001');
    expect(first).toMatchObject({ binding: 1, sessions: 1, preferences: 1, inbox: 0 });
    expect(t.count('inbox', 'P001')).toBe(1);
    expect(await t.preferences.get('wechat', 'openid-1')).toEqual({ largeText: false });

    const last = await t.withdrawal.erase('alipay', 'alipay-1', 'P001');
    expect(last).toMatchObject({ binding: 1, inbox: 1 });
    expect(t.count('inbox', 'P001')).toBe(0);
    expect(t.count('bindings', 'P001')).toBe(0);
    // Someone else's rows stay.
    expect(t.count('inbox', 'P002')).toBe(1);
    expect(t.count('bindings', 'P002')).toBe(1);
  });
});
