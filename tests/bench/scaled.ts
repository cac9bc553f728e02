// Issue 25's figures: code issue through nginx and two BFF instances on PostgreSQL + Redis
// against the one embedded BFF (SQLite), in the same run, on the same sandbox and persons.
// For each mode: closed-loop throughput, p99 on a fixed schedule at half that rate, and
// requests per CPU-second of all the product's processes — the BFF instances, PostgreSQL's
// postmaster and backends, Redis, nginx's master and worker (the sandbox apart: it is the
// insurance platform, not ours). Embedded and scaled windows alternate (E S E S) so a drift in
// the machine's speed falls on both; the medians count. On 2 cores the scaled mode cannot be
// faster in total: the per-CPU-second ratio says what scaling out costs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import pino from 'pino';

import { startPostgres, startRedis, freePort, type Engine } from '../../bff/scripts/engines';
import { startNginx } from '../../bff/scripts/nginx';
import { openScaledStorage } from '../../bff/src/store/scaled';
import { closedLoop, isOk, median, openLoop, type HttpClient, type Send } from './load';
import { createRawHttpClient } from './raw-http';
import { startBenchBff, type BenchPerson, type BenchSystem, type ChildHandle } from './setup';

export interface ModeFigures {
  rps: number;
  errors: number;
  /** Fixed schedule at half of this mode's closed-loop rate. */
  rate: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU ms per answered request, per product process group, in the closed loop. */
  cpuMsPerRequest: Record<string, number>;
  requestsPerCpuSecond: number;
}

export interface ScaledFigures {
  instances: number;
  connections: number;
  windowMs: number;
  embedded: ModeFigures;
  scaled: ModeFigures;
  /** scaled ÷ embedded, medians of the alternated windows. */
  throughputRatio: number;
  perCpuSecondRatio: number;
}

/** utime + stime (+ the children's it reaped) of one process, in ms; 0 when it is gone. */
function ownCpuMs(pid: number, withReaped: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks =
      Number(fields[11]) + Number(fields[12]) + (withReaped ? Number(fields[13]) + Number(fields[14]) : 0);
    return (ticks / 100) * 1000;
  } catch {
    return 0;
  }
}

/** Parent of each live process (Linux /proc). */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(path.join('/proc', entry, 'stat'), 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  return map;
}

/**
 * CPU ms of a process and all its live descendants, plus what it reaped of exited ones
 * (PostgreSQL's backends come and go; their time then lands in the postmaster's cutime).
 */
function treeCpuMs(root: number, tree: Map<number, number>): number {
  let total = ownCpuMs(root, true);
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    for (const [child, parent] of tree) {
      if (parent !== pid) continue;
      total += ownCpuMs(child, false);
      stack.push(child);
    }
  }
  return total;
}

type Groups = Record<string, number[]>;

function cpuOf(groups: Groups): Record<string, number> {
  const tree = parents();
  return Object.fromEntries(
    Object.entries(groups).map(([name, pids]) => [
      name,
      pids.reduce((sum, pid) => sum + treeCpuMs(pid, tree), 0),
    ]),
  );
}

function codeIssuer(client: HttpClient, persons: readonly BenchPerson[]): Send {
  let next = 0;
  const headers = persons.map((p) => ({ authorization: `Bearer ${p.token}` }));
  return async () => isOk(await client.get('/api/v1/voucher/code', headers[next++ % headers.length]));
}

interface Mode {
  name: 'embedded' | 'scaled';
  url: string;
  persons: readonly BenchPerson[];
  groups: Groups;
}

async function measureMode(
  mode: Mode,
  options: { connections: number; warmupMs: number; durationMs: number; openMs: number },
) {
  const closedClient = createRawHttpClient(mode.url, { maxSockets: options.connections });
  const openClient = createRawHttpClient(mode.url, { maxSockets: 256 });
  try {
    const send = codeIssuer(closedClient, mode.persons);
    let first: Record<string, number> = {};
    let last: Record<string, number> = {};
    const edges = [
      setTimeout(() => (first = cpuOf(mode.groups)), options.warmupMs),
      setTimeout(() => (last = cpuOf(mode.groups)), options.warmupMs + options.durationMs),
    ];
    const closed = await closedLoop({
      connections: options.connections,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      send,
    });
    edges.forEach(clearTimeout);
    if (Object.keys(last).length === 0) last = cpuOf(mode.groups);
    const spent = Object.fromEntries(Object.keys(mode.groups).map((key) => [key, last[key]! - first[key]!]));
    const totalMs = Object.values(spent).reduce((a, b) => a + b, 0);
    const rate = Math.max(1, Math.round(closed.rps / 2));
    const open = await openLoop({
      rate,
      durationMs: options.openMs,
      send: codeIssuer(openClient, [...mode.persons].reverse()),
    });
    return {
      rps: closed.rps,
      errors: closed.errors + open.errors,
      rate,
      p50Ms: open.p50Ms,
      p99Ms: open.p99Ms,
      cpuMsPerRequest: Object.fromEntries(
        Object.entries(spent).map(([key, ms]) => [key, ms / Math.max(1, closed.completed)]),
      ),
      requestsPerCpuSecond: closed.completed / (totalMs / 1000),
    };
  } finally {
    closedClient.close();
    openClient.close();
  }
}

/** Median of each figure over the windows of one mode. */
function medianFigures(runs: Awaited<ReturnType<typeof measureMode>>[]): ModeFigures {
  const pick = (f: (run: (typeof runs)[number]) => number) => median(runs.map(f));
  const keys = Object.keys(runs[0]!.cpuMsPerRequest);
  return {
    rps: pick((r) => r.rps),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    rate: pick((r) => r.rate),
    p50Ms: pick((r) => r.p50Ms),
    p99Ms: pick((r) => r.p99Ms),
    cpuMsPerRequest: Object.fromEntries(keys.map((key) => [key, pick((r) => r.cpuMsPerRequest[key]!)])),
    requestsPerCpuSecond: pick((r) => r.requestsPerCpuSecond),
  };
}

/**
 * Starts PostgreSQL, Redis, `instances` BFF processes on them and nginx in front, all under the
 * bench's data folder; gives the code persons a binding and a session there (as the embedded
 * BFF has them in SQLite); measures both modes alternately; stops what it started.
 */
export async function compareScaled(options: {
  system: BenchSystem;
  persons: readonly BenchPerson[];
  instances?: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
  openMs: number;
  rounds?: number;
  log?: (line: string) => void;
}): Promise<ScaledFigures> {
  const { system } = options;
  const log = options.log ?? (() => undefined);
  const instances = options.instances ?? 2;
  const dir = path.join(system.dataDir, 'scaled');
  const started: { stop(): Promise<void> }[] = [];
  const bffs: ChildHandle[] = [];
  try {
    log('scaled: PostgreSQL and Redis…');
    const [postgres, redis]: [Engine, Engine] = await Promise.all([
      startPostgres({ dataDir: path.join(dir, 'pg'), durable: true }),
      startRedis({ dir: path.join(dir, 'redis') }),
    ]);
    started.push(postgres, redis);
    const storage = { DATABASE_URL: postgres.url, REDIS_URL: redis.url };
    for (let i = 0; i < instances; i += 1) {
      bffs.push(
        await startBenchBff(system, {
          name: `bff-scaled-${i + 1}`,
          port: await freePort(),
          storage,
          env: { INSTANCE_ID: `bench-${i + 1}` },
        }),
      );
    }
    const lbPort = await freePort();
    const nginx = await startNginx({
      dir: path.join(dir, 'nginx'),
      host: '127.0.0.1',
      port: lbPort,
      upstreams: bffs.map((bff) => new URL(bff.url).host),
      asRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    });
    started.push({
      stop: () =>
        new Promise<void>((resolve) => {
          if (nginx.child.exitCode !== null) return resolve();
          nginx.child.once('exit', () => resolve());
          nginx.child.kill('SIGTERM');
        }),
    });

    log(`scaled: ${options.persons.length} bindings and sessions in PostgreSQL + Redis…`);
    const seeding = await openScaledStorage({
      databaseUrl: postgres.url,
      redisUrl: redis.url,
      now: Date.now,
      phoneHashKey: Buffer.alloc(32, 1),
      logger: pino({ level: 'silent' }),
    });
    const scaledPersons: BenchPerson[] = [];
    try {
      const { stores } = seeding;
      for (let i = 0; i < options.persons.length; i += 50) {
        const batch = options.persons.slice(i, i + 50);
        scaledPersons.push(
          ...(await Promise.all(
            batch.map(async (person) => {
              await stores.bindings.save({
                channel: 'wechat',
                platformUserId: person.openid,
                psnNo: person.psnNo,
                maskedName: '压*',
                maskedIdNumber: '231***********0000',
                insutype: '310',
                regionName: '绥化市',
                activatedAt: Date.now(),
              });
              const { token } = await stores.sessions.create({
                platform: 'weapp',
                channel: 'wechat',
                platformUserId: person.openid,
              });
              return { ...person, token };
            }),
          )),
        );
      }
    } finally {
      await seeding.close();
    }

    const embedded: Mode = {
      name: 'embedded',
      url: system.bff.url,
      persons: options.persons,
      groups: { bff: [system.bff.pid] },
    };
    const scaled: Mode = {
      name: 'scaled',
      url: nginx.url,
      persons: scaledPersons,
      groups: {
        bff: bffs.map((bff) => bff.pid),
        postgres: [postgres.pid],
        redis: [redis.pid],
        nginx: [nginx.child.pid!],
      },
    };
    const windows = options;
    // A discarded warm-up of the new processes (JIT, pools, PostgreSQL's caches).
    log('scaled: warm-up (discarded)…');
    await closedLoop({
      connections: options.connections,
      warmupMs: 0,
      durationMs: options.warmupMs * 2,
      send: codeIssuer(createRawHttpClient(nginx.url, { maxSockets: options.connections }), scaledPersons),
    });
    const runs: Record<Mode['name'], Awaited<ReturnType<typeof measureMode>>[]> = {
      embedded: [],
      scaled: [],
    };
    for (let round = 0; round < (options.rounds ?? 2); round += 1) {
      for (const mode of [embedded, scaled]) {
        log(
          `code issue, ${mode.name} (${mode.name === 'scaled' ? `${instances} BFFs behind nginx` : 'one BFF on SQLite'}), round ${round + 1}…`,
        );
        runs[mode.name].push(await measureMode(mode, windows));
      }
    }
    const e = medianFigures(runs.embedded);
    const s = medianFigures(runs.scaled);
    return {
      instances,
      connections: options.connections,
      windowMs: options.durationMs,
      embedded: e,
      scaled: s,
      throughputRatio: s.rps / e.rps,
      perCpuSecondRatio: s.requestsPerCpuSecond / e.requestsPerCpuSecond,
    };
  } finally {
    await Promise.allSettled(bffs.map((bff) => stopBff(bff)));
    for (const engine of started.reverse()) await engine.stop().catch(() => undefined);
  }
}

function stopBff(bff: ChildHandle): Promise<void> {
  if (bff.child.exitCode !== null || bff.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => bff.child.kill('SIGKILL'), 5000);
    bff.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    bff.child.kill('SIGTERM');
  });
}
