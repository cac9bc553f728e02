// The phone-hash key as `npm start` runs the system: made once in the data folder (mode 600),
// handed to the BFF, and used: the SMS log holds HMAC-SHA-256(key, phone) and no phone.
import { CONSENT_VERSION } from '@ybm/shared';
import { createHmac } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';
import request from 'supertest';

import { PERSONAS } from '../../bff/sandbox/insurance/seed';
import { ensureBffDemoSecrets } from '../../bff/scripts/demo-secrets';
import { TEST_PHONE_HASH_KEY } from '../support/keys';
import { startSystem, type RunningSystem } from '../support/system';

jest.setTimeout(300_000);

describe('npm start and the SMS log', () => {
  let system: RunningSystem | undefined;
  afterAll(async () => {
    await system?.stop();
    if (system) rmSync(system.dataDir, { recursive: true, force: true });
  });

  it('generates the phone-hash key into the data folder and the BFF hashes phones with it', async () => {
    system = await startSystem();
    const http = request(system.url.replace(/\/+$/, ''));
    const person = PERSONAS.employee;
    const phone = person.phone ?? '';
    expect(phone).toMatch(/^1\d{10}$/);

    const { body: login } = await http
      .post('/api/v1/dev/login-code')
      .send({ persona: 'employee' })
      .expect(200);
    const { body: session } = await http
      .post('/api/v1/session')
      .send({ platform: 'h5', code: login.code })
      .expect(200);
    const auth = `Bearer ${session.token}`;
    const { body: claim } = await http
      .post('/api/v1/claim')
      .set('Authorization', auth)
      .send({ agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION })
      .expect(200);
    const base = `/api/v1/claim/${claim.claimId}`;
    await http
      .post(`${base}/identity`)
      .set('Authorization', auth)
      .send({ name: person.name, docType: person.docType, docNumber: person.docNumber })
      .expect(200);
    await http.post(`${base}/sms`).set('Authorization', auth).expect(200);
    // Stopped, so the BFF's database is closed and checkpointed before it is read.
    expect(await system.stop()).toBe(0);

    const secretsFile = path.join(system.dataDir, 'bff', 'secrets.json');
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const { phoneHashKey } = JSON.parse(readFileSync(secretsFile, 'utf8')) as { phoneHashKey: string };
    expect(Buffer.from(phoneHashKey, 'base64')).toHaveLength(32);
    expect(phoneHashKey).not.toBe(TEST_PHONE_HASH_KEY);
    // Made once: the next start reads the same key.
    expect(ensureBffDemoSecrets(system.dataDir).phoneHashKey).toBe(phoneHashKey);

    const db = new Database(path.join(system.dataDir, 'bff', 'bff.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT * FROM sms_log').all() as Record<string, unknown>[];
      const expected = createHmac('sha256', Buffer.from(phoneHashKey, 'base64')).update(phone).digest('hex');
      expect(rows).toEqual([{ id: expect.any(Number), phone_hash: expected, sent_at: expect.any(Number) }]);
      expect(JSON.stringify(rows)).not.toContain(phone);
    } finally {
      db.close();
    }
  });
});
