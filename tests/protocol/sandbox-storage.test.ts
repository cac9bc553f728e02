import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { migrate, openDatabase } from '../../bff/sandbox/lib/sqlite';
import { ensureDemoKeys } from '../../bff/sandbox/insurance/keys';
import { MIGRATIONS } from '../../bff/sandbox/insurance/migrations';

function tempDir() {
  return mkdtempSync(path.join(os.tmpdir(), 'ybm-sandbox-'));
}

describe('sandbox storage', () => {
  it('applies migrations once, in order, and remembers them in the file', () => {
    const file = path.join(tempDir(), 'insurance.sqlite');
    const first = openDatabase(file, MIGRATIONS);
    first.close();
    const again = openDatabase(file, MIGRATIONS);
    expect(migrate(again, MIGRATIONS)).toEqual([]);
    expect(again.prepare('SELECT version FROM schema_migrations').pluck().all()).toEqual(
      MIGRATIONS.map((m) => m.version),
    );
    again.close();
  });

  it('refuses a database written by newer code', () => {
    const db = openDatabase(':memory:', MIGRATIONS);
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'x')").run();
    expect(() => migrate(db, MIGRATIONS)).toThrow(/newer/);
  });

  it('rolls back a failing migration whole', () => {
    const db = openDatabase(':memory:', []);
    const broken = [{ version: 1, name: 'half', up: 'CREATE TABLE a (x); CREATE TABLE a (y);' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'a'").pluck().get()).toBe(0);
  });

  it('generates demo keys on first run and keeps them private and stable', () => {
    const dir = tempDir();
    const keys = ensureDemoKeys(dir);
    expect(ensureDemoKeys(dir)).toEqual(keys);
    expect(statSync(path.join(dir, 'insurance', 'demo-keys.json')).mode & 0o077).toBe(0);
    expect(keys.channels[0]?.appId.length).toBeGreaterThanOrEqual(16);
  });
});
