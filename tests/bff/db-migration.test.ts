// Migrations on a database that was in use before them. 6: the voucher event stream and the
// inbox are rebuilt for the reversal kinds with every row, id, index, uniqueness and foreign
// key kept (a phone's cursor must still mean what it meant), and bills gain their refunds.
// 16: the outbox's rows gain a lease, and rows from before stay valid.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openDatabase, type Db } from '@ybm/shared/node';

import { MIGRATIONS, openBffDatabase } from '../../bff/src/store/db';
import { createBillStore } from '../../bff/src/store/bills';
import { createEventStore } from '../../bff/src/store/events';
import { createInboxStore } from '../../bff/src/store/inbox';
import { createNotificationStore } from '../../bff/src/store/notifications';

const PSN = '23120019700101001X';
const AT = '2026-03-03T01:30:00.000Z';

/** A database at version 4, the last before this work, with a little of everything in it. */
function v4Database(file: string): void {
  const db = openDatabase(
    file,
    MIGRATIONS.filter((migration) => migration.version <= 4),
  );
  const inbound = db.prepare(
    `INSERT INTO inbound_events (event_id, type, app_id, payload_json, occurred_at, received_at)
     VALUES (?, 'code.scanned', 'app', '{}', ?, 0)`,
  );
  const voucher = db.prepare(
    `INSERT INTO voucher_events (psn_no, code, kind, institution_name, settlement_json, at, event_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const [n, kind] of (['scanned', 'verified', 'settled', 'scanned'] as const).entries()) {
    inbound.run(`EVT${n}`, AT);
    voucher.run(
      PSN,
      `CODE${n}`,
      kind,
      n === 0 ? null : '绥化市第一大药房',
      kind === 'settled' ? '{"setlId":"S1"}' : null,
      AT,
      `EVT${n}`,
    );
  }
  // The newest event is gone (as if it had been removed by hand): its id must not come back.
  db.prepare('DELETE FROM voucher_events WHERE code = ?').run('CODE3');
  db.prepare(
    `INSERT INTO inbox (psn_no, kind, title, body, bill_id, setl_id, event_id, created_at, read_at)
     VALUES (?, 'settlement', '医保结算成功', '…', NULL, 'S1', 'EVT2', ?, 5), (?, 'bill', '诊间支付待缴费', '…', 'B1', NULL, 'EVT9', ?, NULL)`,
  ).run(PSN, AT, PSN, AT);
  db.prepare(
    `INSERT INTO bills (bill_id, psn_no, app_id, pay_token, status, details_json, created_at, updated_at)
     VALUES ('B1', ?, 'app', 'T1', 'paid', '{"institutionName":"医院","items":[],"totalFen":100,"preSettled":{"fundFen":0,"accountFen":0,"cashFen":100}}', ?, 0)`,
  ).run(PSN, AT);
  db.close();
}

describe('BFF database migration 6', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-bff-db-'));
    v4Database(path.join(dir, 'bff.sqlite'));
    db = openBffDatabase(path.join(dir, 'bff.sqlite'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every voucher event with its id, and takes the new kinds after them', () => {
    // Every migration ran, 6 among them (and the later ones after it).
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(
      Math.max(...MIGRATIONS.map((migration) => migration.version)),
    );
    const events = createEventStore(db);
    expect(events.after(PSN, 0).map((event) => [event.id, event.kind, event.code])).toEqual([
      [1, 'scanned', 'CODE0'],
      [2, 'verified', 'CODE1'],
      [3, 'settled', 'CODE2'],
    ]);
    expect(events.after(PSN, 0)[2]?.settlement).toEqual({ setlId: 'S1' });

    const isNew = events.record(
      { eventId: 'EVT-R', type: 'settlement.reversed', appId: 'app', occurredAt: AT, payload: {} },
      { psnNo: PSN, code: 'CODE2', kind: 'reversed', at: AT },
      0,
    );
    expect(isNew).toBe(true);
    // Id 4 was handed out before the migration: the next is 5.
    expect(events.after(PSN, 3)).toEqual([expect.objectContaining({ id: 5, kind: 'reversed' })]);
  });

  it('still refuses what the old table refused: unknown kinds, unknown events', () => {
    const insert = db.prepare(
      `INSERT INTO voucher_events (psn_no, code, kind, at, event_id) VALUES (?, 'C', ?, ?, ?)`,
    );
    expect(() => insert.run(PSN, 'refunded', AT, 'EVT0')).toThrow(/CHECK/);
    expect(() => insert.run(PSN, 'reinstated', AT, 'NO-SUCH-EVENT')).toThrow(/FOREIGN KEY/);
    expect(() => insert.run(PSN, 'reinstated', AT, 'EVT0')).not.toThrow();
  });

  it('keeps the inbox with its read marks and uniqueness, and takes reversal notices', () => {
    const inbox = createInboxStore(db, () => 0);
    expect(inbox.page(PSN, { limit: 10 }).messages.map((m) => [m.id, m.kind, m.read])).toEqual([
      [2, 'bill', false],
      [1, 'settlement', true],
    ]);
    expect(inbox.unread(PSN)).toBe(1);
    const notice = { psnNo: PSN, title: '结算已撤销', body: '…', setlId: 'S1', createdAt: AT };
    inbox.add({ ...notice, kind: 'reversal', eventId: 'EVT-R' });
    inbox.add({ ...notice, kind: 'reversal', eventId: 'EVT-R' }); // redelivered: one row
    inbox.add({ ...notice, kind: 'reinstatement', eventId: 'EVT-I' });
    expect(inbox.page(PSN, { limit: 10 }).messages.map((m) => m.kind)).toEqual([
      'reinstatement',
      'reversal',
      'bill',
      'settlement',
    ]);
    expect(() =>
      db
        .prepare(
          "INSERT INTO inbox (psn_no, kind, title, body, event_id, created_at) VALUES (?, 'bogus', 't', 'b', 'E', ?)",
        )
        .run(PSN, AT),
    ).toThrow(/CHECK/);
  });

  it('has every index it had, and bills start with no refunds', () => {
    const indexes = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('voucher_events', 'inbox')",
      )
      .pluck()
      .all();
    expect(indexes).toEqual(
      expect.arrayContaining(['voucher_events_person', 'inbox_person', 'inbox_unread']),
    );
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE '%_rebuilt'").pluck().get()).toBe(
      0,
    );
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    expect(createBillStore(db, () => 0).get('B1')).toMatchObject({ status: 'paid', refunds: [] });
  });
});

describe('BFF database migration 16 (outbox leases)', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the outbox as it was: pending rows are free to lease, one a crash left sending is in doubt', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-bff-db-'));
    const file = path.join(dir, 'bff.sqlite');
    const old = openDatabase(
      file,
      MIGRATIONS.filter((migration) => migration.version <= 15),
    );
    old
      .prepare(
        `INSERT INTO bills (bill_id, psn_no, app_id, pay_token, status, details_json, created_at, updated_at)
         VALUES ('B1', ?, 'app', 'T1', 'unpaid', '{}', ?, 0)`,
      )
      .run(PSN, AT);
    const row = old.prepare(
      `INSERT INTO notifications (bill_id, channel, platform_user_id, status, attempts, next_attempt_at, created_at)
       VALUES ('B1', 'wechat', ?, ?, ?, 0, 0)`,
    );
    row.run('openid-pending', 'pending', 0);
    row.run('openid-sending', 'sending', 1);
    row.run('openid-sent', 'sent', 1);
    old.close();

    const db = openBffDatabase(file);
    try {
      const notifications = createNotificationStore(db, () => 1000);
      expect(notifications.abandonExpired()).toBe(1);
      const leased = notifications.lease('bff-new', 10, 2000);
      expect(leased.map((n) => n.platformUserId)).toEqual(['openid-pending']);
      expect(notifications.claim(leased[0]!.id, 'bff-new')).toBe(true);
      expect(notifications.counts()).toEqual({ sending: 1, unknown: 1, sent: 1 });
    } finally {
      db.close();
    }
  });
});
