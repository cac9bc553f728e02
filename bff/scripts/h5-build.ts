// The H5 app's build, made only when needed and never seen half-written: `npm start`, the
// browser tests (their jest globalSetup) and `npm run bench` all build through here.
//
// - Fresh or stale: a build is stale when any file it is made of (H5_SOURCES) was modified
//   after the build began (the stamp it carries), or when it has no stamp at all (made by
//   something else, in a mode we cannot vouch for).
// - Production mode whatever the caller's NODE_ENV: under jest (NODE_ENV=test)
//   babel-preset-taro adds react-refresh's babel plugin, which only a watch build feeds, so
//   the pages threw `$RefreshReg$ is not defined` and never rendered (a 2.8 MB unsplit bundle).
// - Atomic: Taro writes into a sibling folder, which is renamed into place once complete; a
//   lock folder keeps two builds of the same folder from crossing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Where `npm start` builds and serves the H5 app unless H5_DIR says otherwise. */
export const DEFAULT_H5_DIR = path.join(ROOT, 'miniapp', 'dist', 'h5');

/** What an H5 build is made of, relative to the repository root. */
export const H5_SOURCES = [
  'miniapp/src',
  'miniapp/config',
  'miniapp/types',
  'miniapp/babel.config.js',
  'miniapp/tsconfig.json',
  'miniapp/package.json',
  'shared/src',
  'shared/package.json',
  'package.json',
  'package-lock.json',
  // How the build is made is part of what it is.
  'bff/scripts/h5-build.ts',
];

const STAMP = '.ybm-build.json';

interface Stamp {
  /** When the build began (ms): sources modified after it may be missing from it. */
  startedAtMs: number;
  mode: 'production';
}

/** The newest modification time (ms) under `target` (0 when it does not exist). */
function newestMtimeMs(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtimeMs(path.join(target, entry)));
  return newest;
}

/** The newest modification time (ms) of any H5 source. */
export function newestH5SourceMs(): number {
  return Math.max(...H5_SOURCES.map((source) => newestMtimeMs(path.join(ROOT, source))));
}

function readStamp(dir: string): Stamp | undefined {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(dir, STAMP), 'utf8')) as Partial<Stamp>;
    if (typeof stamp.startedAtMs !== 'number' || stamp.mode !== 'production') return undefined;
    if (!fs.existsSync(path.join(dir, 'index.html'))) return undefined;
    return { startedAtMs: stamp.startedAtMs, mode: stamp.mode };
  } catch {
    return undefined;
  }
}

/** Why `dir` must be built again, or undefined when it is a complete build newer than its sources. */
export function h5BuildStaleness(dir: string): string | undefined {
  const stamp = readStamp(dir);
  if (!stamp) return fs.existsSync(dir) ? 'it has no build stamp' : 'it is missing';
  if (newestH5SourceMs() > stamp.startedAtMs) return 'its sources changed since';
  return undefined;
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Runs `work` holding `${dir}.lock` (a folder naming its owner's pid); a dead owner's lock is taken over. */
function withLock<T>(dir: string, work: () => T): T {
  const lock = `${dir}.lock`;
  const owner = path.join(lock, 'pid');
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(owner, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let pid = 0;
      try {
        pid = Number(fs.readFileSync(owner, 'utf8'));
      } catch {
        // Not written yet (its owner is between mkdir and write), or just released.
      }
      const ageMs = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      const abandoned = pid > 0 ? !isAlive(pid) : ageMs > 10_000;
      if (abandoned) fs.rmSync(lock, { recursive: true, force: true });
      else sleepSync(250);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function build(dir: string): void {
  const building = `${dir}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  const startedAtMs = Date.now();
  const result = spawnSync('npm', ['run', 'build:h5'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      // H5 is served by the BFF itself: same origin.
      TARO_APP_API_BASE: '',
      YBM_BUILD_OUTPUT: building,
      FORCE_COLOR: '0',
    },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0 || !fs.existsSync(path.join(building, 'index.html'))) {
    fs.rmSync(building, { recursive: true, force: true });
    const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.slice(-8000);
    throw new Error(`the H5 build failed (${result.status ?? result.signal}):\n${output}`);
  }
  fs.writeFileSync(
    path.join(building, STAMP),
    `${JSON.stringify({ startedAtMs, mode: 'production' } satisfies Stamp)}\n`,
  );
  // rename(2) cannot replace a non-empty folder: move the old build aside, then the new one in.
  const old = `${dir}.old-${process.pid}`;
  fs.rmSync(old, { recursive: true, force: true });
  if (fs.existsSync(dir)) fs.renameSync(dir, old);
  fs.renameSync(building, dir);
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * Builds the H5 app into `dir` unless it already holds a complete production build newer than
 * every source; whether it built. `log` hears why a build is needed.
 */
export function ensureH5Build(dir: string, log: (line: string) => void = () => {}): boolean {
  const target = path.resolve(dir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (!h5BuildStaleness(target)) return false;
  return withLock(target, () => {
    // Someone else may have built it while we waited for the lock.
    const why = h5BuildStaleness(target);
    if (!why) return false;
    log(`Building the H5 app into ${path.relative(process.cwd(), target) || target} (${why})…`);
    build(target);
    return true;
  });
}
