// Real PostgreSQL and Redis for the tests of the scaled mode (issue 25): each on loopback and a
// free port, in a folder of its own under the system's temporary folder, gone after `stop()`
// (and stopped by a watchdog if the test process dies first). `pause()` and `resume()` stop and
// start one again on its port and data, for the fault tests (issue 26).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startPostgres, startRedis, type Engine } from '../../bff/scripts/engines';

export type { Engine };

/** A throwaway PostgreSQL: `url` is a superuser connection to its `postgres` database. */
export async function startTestPostgres(): Promise<Engine> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-test-pg-'));
  // The server may run as another user (root runs it as postgres): it must reach its folder.
  chmodSync(dir, 0o755);
  const engine = await startPostgres({ dataDir: path.join(dir, 'data'), durable: false });
  return removingWhenStopped(engine, dir);
}

/** A throwaway Redis without persistence. */
export async function startTestRedis(): Promise<Engine> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ybm-test-redis-'));
  const engine = await startRedis({ dir });
  return removingWhenStopped(engine, dir);
}

/** `engine` whose `stop()` removes its folder too (its pid stays live: `resume()` changes it). */
function removingWhenStopped(engine: Engine, dir: string): Engine {
  const stop = engine.stop.bind(engine);
  return Object.assign(engine, {
    async stop() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
