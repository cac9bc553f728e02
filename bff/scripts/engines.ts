// PostgreSQL and Redis from the Debian packages, started on loopback for `npm run start:scaled`
// and for the tests that run the stores on real engines. Each server runs in the foreground as
// a child of ours, watched: when the process that started it dies (Ctrl-C, a killed jest
// worker), a small watchdog stops the server too, so nothing is left listening.
//
// PostgreSQL refuses to run as root (../shared/TOOLCHAIN.md): as root its data folder belongs
// to `postgres` and the server runs under that user (setpriv execs it in place, so the pid we
// hold is the server's own). A fresh cluster is made once with initdb and copied for each new
// data folder (a copy takes a tenth of initdb's time).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Engine {
  url: string;
  port: number;
  /** The server's process (a new one after `resume()`). */
  readonly pid: number;
  /** Stops the server and waits until it is gone. */
  stop(): Promise<void>;
  /**
   * Stops the server as an operator would for a restart (its data kept on disk), keeping its
   * data folder and port: clients see it gone. For the fault tests (issue 26).
   */
  pause(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  resume(): Promise<void>;
}

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 30_000;

/** A port free right now on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Where the Debian package put PostgreSQL's server binaries (the newest major version). */
export function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((name) => /^\d+$/.test(name))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const found = versions
    .map((version) => path.join(base, version, 'bin'))
    .find((dir) => existsSync(path.join(dir, 'postgres')));
  if (!found) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql');
  return found;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function postgresUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/** `command args` as the postgres user when we are root, as ourselves otherwise. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  if (!isRoot()) return [command, args];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--clear-groups', '--', command, ...args]];
}

/**
 * As root the server runs as postgres, which must be able to pass through every folder above
 * its data folder (a mkdtemp folder is 0700): each ancestor gets search permission for
 * others (o+x, never read) where it lacks it.
 */
function letServerReach(dir: string): void {
  if (!isRoot()) return;
  for (let at = path.dirname(dir); at !== path.dirname(at); at = path.dirname(at)) {
    const mode = statSync(at).mode;
    if ((mode & 0o001) === 0) chmodSync(at, (mode & 0o7777) | 0o001);
  }
}

function chownTree(dir: string): void {
  if (!isRoot()) return;
  const { uid, gid } = postgresUser();
  execFileSync('chown', ['-R', `${uid}:${gid}`, dir]);
}

/** A fresh cluster (superuser `ybm`, trust on loopback), made once per machine and version. */
function clusterTemplate(bin: string): string {
  const version = path.basename(path.dirname(bin));
  const template = path.join(
    os.tmpdir(),
    `ybm-pg-template-${version}-${isRoot() ? 'root' : process.getuid?.()}`,
  );
  if (existsSync(path.join(template, 'PG_VERSION'))) return template;
  const making = `${template}.${process.pid}.${Date.now()}`;
  mkdirSync(making, { recursive: true });
  chownTree(making);
  const [command, args] = asServerUser(path.join(bin, 'initdb'), [
    '-D',
    making,
    '-A',
    'trust',
    '-U',
    'ybm',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  execFileSync(command, args, { stdio: 'ignore' });
  try {
    renameSync(making, template);
  } catch {
    // Another process made it at the same moment: use theirs.
    rmSync(making, { recursive: true, force: true });
  }
  return template;
}

/** Stops `child` (SIGTERM, then SIGKILL after `graceMs`) and resolves once it exited. */
function stopChild(child: ChildProcess, graceMs: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const exited = stopChildWhenAsked(child, graceMs);
  child.kill(signal);
  return exited;
}

/** Resolves once `child` exited; kills it after `graceMs` if it has not by then. */
function stopChildWhenAsked(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Kills `pid` when this process dies, however it dies (the watchdog outlives us by a second). */
function watchdog(pid: number, signal: 'TERM' | 'INT'): void {
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -${signal} ${pid} 2>/dev/null`;
  spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' }).unref();
}

/** Waits until the server's output says it is ready; fails if it exits or takes too long. */
async function waitUntilReady(what: string, ready: RegExp, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}): ${log()}`);
    if (ready.test(log())) return;
    if (Date.now() > deadline) throw new Error(`${what} did not start in ${START_TIMEOUT_MS} ms: ${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface ServerSpec {
  what: string;
  command: string;
  args: string[];
  /** What the server prints once it accepts connections. */
  ready: RegExp;
  /** The signal its watchdog and `stop()` send, and how long before SIGKILL. */
  signal: 'TERM' | 'INT';
  graceMs: number;
  /** How to get it when it is not there. */
  install?: string;
  /** How `pause()` asks it to stop (default: as `stop()` does). */
  pause?: (child: ChildProcess) => Promise<void>;
}

/** A server as our child, watched; started again by `resume()` with the same command line. */
async function runServer(spec: ServerSpec, url: string, port: number): Promise<Engine> {
  async function launch(): Promise<ChildProcess> {
    const child = spawn(spec.command, spec.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    if (!child.pid) {
      throw new Error(`${spec.what} did not start${spec.install ? ` (${spec.install})` : ''}`);
    }
    watchdog(child.pid, spec.signal);
    await waitUntilReady(spec.what, spec.ready, child, () => output);
    return child;
  }
  const stop = (child: ChildProcess) => stopChild(child, spec.graceMs, `SIG${spec.signal}`);
  let child = await launch();
  let paused = false;
  return {
    url,
    port,
    get pid() {
      return child.pid!;
    },
    stop: () => stop(child),
    async pause() {
      if (paused) return;
      paused = true;
      await (spec.pause ?? stop)(child);
    },
    async resume() {
      if (!paused) return;
      child = await launch();
      paused = false;
    },
  };
}

export interface PostgresOptions {
  /** The data folder; a new one is made (from the template) when it holds no cluster. */
  dataDir: string;
  port?: number;
  /** Tests turn durability off: a crashed test database is thrown away anyway. */
  durable?: boolean;
  maxConnections?: number;
}

/** PostgreSQL on 127.0.0.1; `url` names the `postgres` database as superuser `ybm`. */
export async function startPostgres(options: PostgresOptions): Promise<Engine> {
  const bin = postgresBin();
  const dataDir = path.resolve(options.dataDir);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    cpSync(clusterTemplate(bin), dataDir, { recursive: true });
  }
  chownTree(dataDir);
  letServerReach(dataDir);
  const port = options.port ?? (await freePort());
  const settings = [
    `listen_addresses=${HOST}`,
    `unix_socket_directories=${dataDir}`,
    `max_connections=${options.maxConnections ?? 100}`,
    ...(options.durable === false ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
  ];
  const [command, args] = asServerUser(path.join(bin, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(port),
    ...settings.flatMap((setting) => ['-c', setting]),
  ]);
  // SIGINT is PostgreSQL's fast shutdown: sessions are ended, the data stays consistent.
  return runServer(
    {
      what: 'PostgreSQL',
      command,
      args,
      ready: /ready to accept connections/,
      signal: 'INT',
      graceMs: 10_000,
    },
    `postgres://ybm@${HOST}:${port}/postgres`,
    port,
  );
}

export interface RedisOptions {
  port?: number;
  /** Where Redis keeps its files. */
  dir?: string;
  /**
   * Keep every write in an append-only file in `dir` (fsync once a second), so the sessions it
   * holds outlive a restart or a crash of Redis: a Redis that forgot them would sign everyone
   * out. Off (the default) for the throwaway Redis of the tests: nothing written to disk.
   */
  persistent?: boolean;
}

/** What a persistent Redis keeps: an AOF fsynced once a second, no snapshots besides its rewrites. */
const REDIS_PERSISTENCE = ['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''];
const REDIS_THROWAWAY = ['--appendonly', 'no', '--save', ''];

/**
 * redis-server on 127.0.0.1, persistent or not (`persistent`); `pause()` saves what it holds to its
 * folder first (SHUTDOWN SAVE: a throwaway one keeps its data over the pause as a persistent one
 * does) and `resume()` loads it back.
 */
export async function startRedis(options: RedisOptions = {}): Promise<Engine> {
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? os.tmpdir();
  mkdirSync(dir, { recursive: true });
  const args = [
    '--port',
    String(port),
    '--bind',
    HOST,
    ...(options.persistent ? REDIS_PERSISTENCE : REDIS_THROWAWAY),
    '--dir',
    dir,
  ];
  return runServer(
    {
      what: 'Redis',
      command: 'redis-server',
      install: 'apt-get install -y redis-server',
      args,
      ready: /Ready to accept connections/,
      signal: 'TERM',
      graceMs: 5_000,
      pause: (child) => shutdownSaving(child, port),
    },
    `redis://${HOST}:${port}`,
    port,
  );
}

/** SHUTDOWN SAVE over Redis's own protocol; resolves once the server exited (SIGTERM if it will not). */
function shutdownSaving(child: ChildProcess, port: number): Promise<void> {
  const exited = stopChildWhenAsked(child, 5_000);
  const socket = connect(port, HOST, () => socket.write('*2\r\n$8\r\nSHUTDOWN\r\n$4\r\nSAVE\r\n'));
  socket.on('error', () => child.kill('SIGTERM'));
  return exited.finally(() => socket.destroy());
}
