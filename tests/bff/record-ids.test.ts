// Opaque record ids (issue 22): the settlement and its person sealed under the BFF's key, so the
// phone sees ids that say nothing, are the same for the same record, and open to nothing when
// altered, cut, or sealed under another key.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ensureBffDemoSecrets } from '../../bff/scripts/demo-secrets';
import { createRecordIds } from '../../bff/src/services/record-ids';

const ids = createRecordIds(Buffer.alloc(32, 1));
const RECORD = { psnNo: '23120000000008', setlId: 'SETL2026120712000012345678' };

describe('record ids', () => {
  it('are URL-safe, stable for one record and different for another', () => {
    const id = ids.seal(RECORD);
    expect(id).toMatch(/^[A-Za-z0-9_-]{40,200}$/);
    expect(ids.seal(RECORD)).toBe(id);
    expect(ids.seal({ ...RECORD, psnNo: '23120000000001' })).not.toBe(id);
    expect(ids.seal({ ...RECORD, setlId: 'SETL2026120712000012345679' })).not.toBe(id);
    expect(ids.open(id)).toEqual(RECORD);
  });

  it('say nothing of the settlement or the person', () => {
    const id = ids.seal(RECORD);
    const bytes = Buffer.from(id, 'base64url').toString('latin1');
    for (const part of [RECORD.setlId, RECORD.psnNo, '2026', '231200']) {
      expect(id).not.toContain(part);
      expect(bytes).not.toContain(part);
    }
  });

  it('open to nothing when altered, cut, lengthened or sealed under another key', () => {
    const id = ids.seal(RECORD);
    const flips = [...Array(id.length).keys()].map(
      (i) => `${id.slice(0, i)}${id[i] === 'A' ? 'B' : 'A'}${id.slice(i + 1)}`,
    );
    for (const altered of flips) expect(ids.open(altered)).toBeUndefined();
    expect(ids.open(id.slice(0, -4))).toBeUndefined();
    expect(ids.open(`${id}AAAA`)).toBeUndefined();
    expect(ids.open('not base64!')).toBeUndefined();
    expect(ids.open('')).toBeUndefined();
    expect(createRecordIds(Buffer.alloc(32, 2)).open(id)).toBeUndefined();
  });
});

describe('the demo record-id key', () => {
  it('is made beside the phone-hash key, and added to a secrets file made before it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ybm-secrets-'));
    try {
      const file = path.join(dir, 'bff', 'secrets.json');
      mkdirSync(path.dirname(file));
      const phoneHashKey = Buffer.alloc(32, 9).toString('base64');
      writeFileSync(file, JSON.stringify({ phoneHashKey }), { mode: 0o600 });
      const secrets = ensureBffDemoSecrets(dir);
      expect(secrets.phoneHashKey).toBe(phoneHashKey);
      expect(Buffer.from(secrets.recordIdKey, 'base64')).toHaveLength(32);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(secrets);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(ensureBffDemoSecrets(dir)).toEqual(secrets);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
