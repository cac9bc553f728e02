// Issuing codes on the platform's side: serials in issue order and never twice, and the
// code's row stored with the turn's other writes, yet readable by anything that asks for
// it in the same turn.
import { randomBytes } from 'node:crypto';

import { codeStatus, issueCode, scanCode } from '../../bff/sandbox/insurance/domain/codes';
import { newSerial, parseCode } from '../../bff/sandbox/insurance/domain/code-string';
import { MIGRATIONS } from '../../bff/sandbox/insurance/migrations';
import { DEMO_INSTITUTIONS, PERSONAS, seedDemoData } from '../../bff/sandbox/insurance/seed';
import { openDatabase } from '../../bff/sandbox/lib/sqlite';
import { testChannel } from '../support/keys';

const EMPLOYEE = PERSONAS.employee.psnNo;
const APP_ID = testChannel().appId;

function setup(start = Date.parse('2025-03-10T02:00:00Z')) {
  let clock = start;
  const db = openDatabase(':memory:', MIGRATIONS);
  const ctx = {
    db,
    now: () => clock,
    random: (size: number) => new Uint8Array(randomBytes(size)),
    platformKeys: testChannel().platformKeys,
  };
  seedDemoData(ctx);
  db.prepare(
    `INSERT INTO vouchers (psn_no, app_id, platform_user_id, status, started_at, activated_at)
     VALUES (?, ?, 'openid-employee', 'active', ?, ?)`,
  ).run(EMPLOYEE, APP_ID, new Date(start).toISOString(), new Date(start).toISOString());
  const stored = () => db.prepare('SELECT COUNT(*) FROM codes').pluck().get() as number;
  return { ctx, db, stored, setClock: (at: number) => (clock = at) };
}

describe('code serials', () => {
  it('come in issue order and never repeat, within a millisecond or with the clock set back', () => {
    const { ctx, setClock } = setup();
    const serials: string[] = [];
    for (let i = 0; i < 2000; i += 1) serials.push(newSerial(ctx));
    setClock(Date.parse('2025-03-10T01:00:00Z')); // an hour back
    for (let i = 0; i < 100; i += 1) serials.push(newSerial(ctx));
    setClock(Date.parse('2025-03-10T03:00:00Z'));
    serials.push(newSerial(ctx));
    expect(new Set(serials).size).toBe(serials.length);
    expect([...serials].sort()).toEqual(serials);
    expect(serials.every((serial) => /^[0-9A-HJKMNP-TV-Z]{12}$/.test(serial))).toBe(true);
  });

  it('start with the issue time, so codes issued later sort later', () => {
    const { ctx, setClock } = setup();
    const first = newSerial(ctx);
    setClock(Date.parse('2025-03-10T02:00:01Z'));
    const second = newSerial(ctx);
    expect(second.slice(0, 9) > first.slice(0, 9)).toBe(true);
  });
});

describe('issuing a code', () => {
  it('stores its row with the turn’s other writes, at the end of the turn', async () => {
    const { ctx, stored } = setup();
    const issued = [
      issueCode(ctx, { psnNo: EMPLOYEE, appId: APP_ID }),
      issueCode(ctx, { psnNo: EMPLOYEE, appId: APP_ID }),
    ];
    expect(stored()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stored()).toBe(2);
    expect(new Set(issued.map((code) => parseCode(code.code)?.serial)).size).toBe(2);
  });

  it('is readable in the same turn: its status, and a scan', () => {
    const { ctx } = setup();
    const { code } = issueCode(ctx, { psnNo: EMPLOYEE, appId: APP_ID });
    expect(codeStatus(ctx, code)?.status).toBe('issued');
    const scanned = scanCode(ctx, { text: code, orgId: DEMO_INSTITUTIONS.pharmacy, businessType: '02121' });
    expect(scanned.psnNo).toBe(EMPLOYEE);
    expect(codeStatus(ctx, code)?.status).toBe('scanned');
  });

  it('comes after every serial an earlier run stored, even one made at the same moment', async () => {
    const { ctx, db } = setup();
    // What an earlier run of the sandbox issued at this very millisecond (its own count).
    const earlier = newSerial({ db: {} as never, now: ctx.now });
    db.prepare(
      `INSERT INTO codes (code, psn_no, app_id, issued_at, expires_at, status, serial, mac)
       VALUES (?, ?, ?, ?, ?, 'issued', ?, 'XXXXXXXXXX')`,
    ).run(
      `YB1${earlier}XXXXXXXXXX`,
      EMPLOYEE,
      APP_ID,
      '2025-03-10T02:00:00.000Z',
      '2025-03-10T02:01:00.000Z',
      earlier,
    );
    const { code } = issueCode(ctx, { psnNo: EMPLOYEE, appId: APP_ID });
    expect(parseCode(code)!.serial > earlier).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(codeStatus(ctx, code)?.status).toBe('issued');
  });
});
