// Migration 5 on a database written before it: phones in the SMS log and the personal data
// of claims that already ended are gone, from the rows and from the file's bytes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { openDatabase, type Db } from '@ybm/shared/node';

import { MIGRATIONS, openBffDatabase } from '../../bff/src/store/db';

const NOW = Date.now();
const PHONE = '13912345678';
const LIVE = { name: '王芳', doc: '230102198805061234', phone: '13700001111' };
const ENDED = { name: '李雷', doc: '230102197701012345', phone: '13600002222' };

function insertClaim(db: Db, claimId: string, step: string, expiresAt: number, person: typeof LIVE) {
  db.prepare(
    `INSERT INTO claims (claim_id, channel, platform_user_id, step, consent_version, name, doc_type,
       doc_number, birth_date, psn_no, phone, masked_name, created_at, expires_at)
     VALUES (?, 'wechat', ?, ?, '2026-11', ?, 'resident_id', ?, '1988-05-06', ?, ?, ?, ?, ?)`,
  ).run(
    claimId,
    `openid-${claimId}`,
    step,
    person.name,
    person.doc,
    `P${claimId}`,
    person.phone,
    `${person.name[0]}*`,
    expiresAt - 1_800_000,
    expiresAt,
  );
}

describe('BFF migration 5 (personal data at rest)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-bff-migration-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('drops the phones of the SMS log and purges claims that ended, leaving live ones', () => {
    const file = path.join(dir, 'bff.sqlite');
    const old = openDatabase(
      file,
      MIGRATIONS.filter((migration) => migration.version <= 4),
    );
    for (let i = 0; i < 3; i += 1)
      old.prepare('INSERT INTO sms_log (phone, sent_at) VALUES (?, ?)').run(PHONE, NOW - i);
    insertClaim(old, 'CLMLIVE', 'face', NOW + 600_000, LIVE);
    insertClaim(old, 'CLMEXPIRED', 'sms', NOW - 600_000, ENDED);
    insertClaim(old, 'CLMDONE', 'done', NOW + 600_000, { ...ENDED, name: '韩梅梅' });
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    const bytesBefore = readFileSync(file);
    expect(bytesBefore.includes(PHONE)).toBe(true);
    expect(bytesBefore.includes(ENDED.doc)).toBe(true);

    const db = openBffDatabase(file);
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBeGreaterThanOrEqual(5);
    expect(db.prepare('SELECT count(*) FROM sms_log').pluck().get()).toBe(0);
    expect(
      db
        .prepare('PRAGMA table_info(sms_log)')
        .all()
        .map((c) => (c as { name: string }).name),
    ).not.toContain('phone');
    const claims = db
      .prepare(
        'SELECT claim_id, step, name, doc_number, birth_date, phone, masked_name, purged_at FROM claims ORDER BY claim_id',
      )
      .all();
    expect(claims).toEqual([
      {
        claim_id: 'CLMDONE',
        step: 'done',
        name: null,
        doc_number: null,
        birth_date: null,
        phone: null,
        masked_name: null,
        purged_at: expect.any(Number),
      },
      {
        claim_id: 'CLMEXPIRED',
        step: 'sms',
        name: null,
        doc_number: null,
        birth_date: null,
        phone: null,
        masked_name: null,
        purged_at: expect.any(Number),
      },
      {
        claim_id: 'CLMLIVE',
        step: 'face',
        name: LIVE.name,
        doc_number: LIVE.doc,
        birth_date: '1988-05-06',
        phone: LIVE.phone,
        masked_name: '王*',
        purged_at: null,
      },
    ]);

    // Not only unlinked: nobody with a copy of the file finds them in its free space either.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(file);
    for (const gone of [PHONE, ENDED.doc, ENDED.phone, ENDED.name, '韩梅梅'])
      expect(bytes.includes(gone)).toBe(false);
    expect(bytes.includes(LIVE.doc)).toBe(true);
  });
});
