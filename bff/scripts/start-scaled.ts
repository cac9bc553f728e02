// npm run start:scaled (issue 25): the product as a bureau runs it, on one machine. PostgreSQL
// and Redis from the Debian packages (data under YBM_DATA_DIR/pg and /redis, both kept over a
// restart; initdb on first run) — or the ones DATABASE_URL and REDIS_URL name, then neither is started; the sandboxes as
// npm start runs them; BFF_INSTANCES BFF processes (default 2) on free ports, all on that
// PostgreSQL + Redis; nginx in front of them on BFF_PORT (round robin). Prints `YBM_BFF <url>`
// per instance, then `YBM_READY <the load balancer's url>`; Ctrl-C / SIGTERM stops it all.
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import {
  bffEnvironment,
  dataDir,
  ensureDemoCredentials,
  h5Dir,
  host,
  ports,
  prepareH5Build,
  startSandboxes,
} from './demo-stack';
import { freePort, startPostgres, startRedis } from './engines';
import { startNginx } from './nginx';
import { createSupervisor, log, type Supervisor } from './processes';

const Env = z.object({
  BFF_INSTANCES: z.coerce.number().int().min(1).max(16).default(2),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
});

/** The engines: the given URLs, or our own PostgreSQL and Redis under the data folder. */
async function engines(
  supervisor: Supervisor,
  given: { DATABASE_URL?: string | undefined; REDIS_URL?: string | undefined },
) {
  if (given.DATABASE_URL && given.REDIS_URL) {
    log(`  using the PostgreSQL and Redis of DATABASE_URL and REDIS_URL`);
    return { databaseUrl: given.DATABASE_URL, redisUrl: given.REDIS_URL, started: false };
  }
  if (given.DATABASE_URL || given.REDIS_URL) {
    throw new Error('set both DATABASE_URL and REDIS_URL (an existing PostgreSQL and Redis) or neither');
  }
  // PostgreSQL may run as the postgres user (we are root): it must reach its folder.
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  const [postgres, redis] = await Promise.all([
    startPostgres({ dataDir: path.join(dataDir, 'pg'), durable: true }),
    // Persistent: a Redis restarted without its sessions would sign everyone out.
    startRedis({ dir: path.join(dataDir, 'redis'), persistent: true }),
  ]);
  supervisor.onStop(() => postgres.stop());
  supervisor.onStop(() => redis.stop());
  return { databaseUrl: postgres.url, redisUrl: redis.url, started: true };
}

async function main(): Promise<void> {
  const supervisor = createSupervisor();
  process.on('SIGINT', () => supervisor.stopAll(0));
  process.on('SIGTERM', () => supervisor.stopAll(0));
  try {
    const env = Env.parse(process.env);
    prepareH5Build();
    const credentials = ensureDemoCredentials(dataDir);
    const storage = await engines(supervisor, env);
    // Everything outside reaches the BFFs through the load balancer: the webhooks too.
    const lbUrl = `http://${host}:${ports.bff}`;
    const sandboxes = await startSandboxes(supervisor, { dataDir, bffUrl: lbUrl });
    const instancePorts = await Promise.all(Array.from({ length: env.BFF_INSTANCES }, () => freePort()));
    // One at a time: the first migrates the database, the others find it done (they would
    // wait on the migration lock anyway).
    const bffUrls: string[] = [];
    for (const [index, port] of instancePorts.entries()) {
      const url = await supervisor.startServer(
        `bff-${index + 1}`,
        'bff/src/main.ts',
        bffEnvironment({
          dataDir,
          h5Dir,
          port: String(port),
          publicUrl: lbUrl,
          sandboxes,
          credentials,
          storage: { DATABASE_URL: storage.databaseUrl, REDIS_URL: storage.redisUrl },
        }),
        'YBM_BFF_LISTENING',
      );
      bffUrls.push(url);
      log(`YBM_BFF ${url}`);
    }
    const nginx = await startNginx({
      dir: path.join(dataDir, 'nginx'),
      host,
      port: Number(ports.bff),
      upstreams: bffUrls.map((url) => new URL(url).host),
      asRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    });
    supervisor.adopt('nginx', nginx.child);

    log('');
    log(
      `医保码 is running scaled: ${bffUrls.length} BFFs behind nginx. Open ${nginx.url}/ (Ctrl-C stops everything).`,
    );
    log(
      `  PostgreSQL ${storage.databaseUrl}  Redis ${storage.redisUrl}${storage.started ? ` (under ${dataDir})` : ''}`,
    );
    log(
      `  sandboxes: insurance ${sandboxes.insuranceUrl}  WeChat ${sandboxes.wechatUrl}  Alipay ${sandboxes.alipayUrl}`,
    );
    log(
      `  nginx: ${path.join(dataDir, 'nginx', 'nginx.conf')}   (dev SMS codes are printed as [dev SMS] lines)`,
    );
    log(`YBM_READY ${nginx.url}/`);
  } catch (error) {
    process.stderr.write(
      `npm run start:scaled failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    supervisor.stopAll(1);
  }
}

void main();
