// The scaled stack's Redis keeps its sessions over a restart (issue 26): `npm run start:scaled`
// starts it persistent (an append-only file in its data folder, fsynced once a second), so a
// Redis that crashed and started again still holds every session and nobody is signed out. The
// tests' throwaway Redis stays as it was: nothing written to disk, nothing kept over a crash.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startRedis, type Engine } from '../../bff/scripts/engines';
import { closeRedis, openRedis } from '../../bff/src/store/redis/client';
import { createRedisSessionStore } from '../../bff/src/store/redis/sessions';

jest.setTimeout(30_000);

const alice = { platform: 'weapp', channel: 'wechat', platformUserId: 'openid-alice' } as const;

/** A session made on a Redis that then crashes (SIGKILL: nothing saved on the way down) and starts again. */
async function sessionAfterACrash(persistent: boolean) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-test-redis-persist-'));
  const engines: Engine[] = [];
  try {
    const first = await startRedis({ dir, persistent });
    engines.push(first);
    const before = openRedis(first.url, { commandTimeoutMs: 1000 });
    const { token } = await createRedisSessionStore(before, { now: Date.now }).create(alice);
    before.disconnect();
    process.kill(first.pid, 'SIGKILL');
    await first.stop();
    const again = await startRedis({ dir, port: first.port, persistent });
    engines.push(again);
    const after = openRedis(again.url, { commandTimeoutMs: 1000 });
    try {
      return {
        session: await createRedisSessionStore(after, { now: Date.now }).resolve(token),
        appendOnlyFile: existsSync(path.join(dir, 'appendonlydir')),
        settings: (await after.config('GET', 'appendfsync')) as string[],
      };
    } finally {
      await closeRedis(after);
    }
  } finally {
    await Promise.all(engines.map((engine) => engine.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

it('keeps a session over a crash and a restart when persistent, as npm run start:scaled runs it', async () => {
  const { session, appendOnlyFile, settings } = await sessionAfterACrash(true);
  expect(session).toMatchObject(alice);
  expect(appendOnlyFile).toBe(true);
  expect(settings).toEqual(['appendfsync', 'everysec']);
});

it('keeps nothing and writes nothing to disk by default (the tests’ throwaway Redis)', async () => {
  const { session, appendOnlyFile } = await sessionAfterACrash(false);
  expect(session).toBeUndefined();
  expect(appendOnlyFile).toBe(false);
});
