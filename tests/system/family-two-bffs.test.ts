// Removing a family member on one BFF process ends access on another process on the same
// database at once (the issue allows 1 s): the member links are read from the database on
// every request, never cached. Two app instances on one SQLite file play the two processes.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import request from 'supertest';

import { PERSONAS, setupCounter } from '../protocol/fsi-support';
import { buildTestApp } from '../support/bff';
import { listen } from '../support/servers';
import { activateVoucher } from './code-flow-support';

it('ends a removed member’s code and events on the other BFF within 1 s', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-family-two-'));
  const sandbox = await setupCounter({ realClock: true });
  const env = { INSURANCE_BASE_URL: sandbox.url, BFF_DB_FILE: path.join(dir, 'bff.sqlite') };
  const one = buildTestApp(env);
  const other = buildTestApp(env);
  const [oneBff, otherBff] = [await listen(one.app), await listen(other.app)];
  try {
    activateVoucher(sandbox, PERSONAS.parent.psnNo, 'openid-parent');
    await one.deps.bindings.save({
      channel: 'wechat',
      platformUserId: 'openid-parent',
      psnNo: PERSONAS.parent.psnNo,
      maskedName: '赵*',
      maskedIdNumber: '231***********0311',
      insutype: '310',
      regionName: '绥化市',
      activatedAt: Date.now(),
    });
    const { token } = await one.deps.sessions.create({
      platform: 'weapp',
      channel: 'wechat',
      platformUserId: 'openid-parent',
    });
    const auth = `Bearer ${token}`;
    const family = await request(oneBff.url).get('/api/v1/family').set('Authorization', auth).expect(200);
    const elder = family.body.members.find((m: { relation: string }) => m.relation === 'parent');
    const base = `/api/v1/family/members/${elder.memberId}`;
    // The other process serves the member while the link lives…
    await request(otherBff.url).get(`${base}/code`).set('Authorization', auth).expect(200);

    await request(oneBff.url).delete(base).set('Authorization', auth).expect(200);
    const removedAt = Date.now();
    // …and refuses it as soon as it is removed on the first.
    const code = await request(otherBff.url).get(`${base}/code`).set('Authorization', auth);
    const events = await request(otherBff.url)
      .get(`${base}/events`)
      .query({ cursor: 0, wait: 0 })
      .set('Authorization', auth);
    expect([code.status, events.status]).toEqual([404, 404]);
    expect(Date.now() - removedAt).toBeLessThan(1000);
  } finally {
    await oneBff.close();
    await otherBff.close();
    await sandbox.close();
  }
});
