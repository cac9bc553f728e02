// Runs the whole system the way `npm start` does (bff/scripts/start.ts as a child
// process) on free loopback ports with a fresh data folder, for browser tests — or, with
// `scaled`, the way `npm run start:scaled` does (PostgreSQL, Redis, two BFFs and nginx). It serves the
// H5 build the run made before any test (tests/e2e/global-setup.ts), never rebuilding it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(__dirname, '..', '..');

/** The browser tests' own H5 build: made once per jest run, rewritten by nothing else. */
export const TEST_H5_DIR = path.join(ROOT, 'miniapp', 'dist', 'h5-tests');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningSystem {
  url: string;
  dataDir: string;
  /** The insurance sandbox, for counters and checks that speak its public protocol. */
  insuranceUrl: string;
  /** The fake WeChat and Alipay, for their /dev controls (subscriptions, message logs). */
  wechatUrl: string;
  alipayUrl: string;
  output: string[];
  /** Scaled: each BFF instance's own URL (behind `url`, the load balancer's). */
  instances: string[];
  stop(): Promise<number | null>;
}

export async function startSystem(
  options: {
    readyTimeoutMs?: number;
    /** A complete H5 build made for this run (bff/scripts/h5-build.ts); TEST_H5_DIR by default. */
    h5Dir?: string;
    /** npm run start:scaled instead of npm start; the BFFs log every request ('info'). */
    scaled?: boolean;
  } = {},
): Promise<RunningSystem> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ybm-system-'));
  const env = {
    ...process.env,
    BFF_PORT: String(await freePort()),
    INSURANCE_PORT: String(await freePort()),
    WECHAT_PORT: String(await freePort()),
    ALIPAY_PORT: String(await freePort()),
    YBM_DATA_DIR: dataDir,
    H5_DIR: options.h5Dir ?? TEST_H5_DIR,
    YBM_H5_PREBUILT: '1',
    LOG_LEVEL: options.scaled ? 'info' : 'warn',
  };
  const script = options.scaled ? 'bff/scripts/start-scaled.ts' : 'bff/scripts/start.ts';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const instances: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`system not ready in time:\n${output.join('\n')}`)),
      options.readyTimeoutMs ?? 240_000,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (line.startsWith('YBM_BFF ')) instances.push(line.slice('YBM_BFF '.length).trim());
      if (line.startsWith('YBM_READY ')) {
        clearTimeout(timer);
        resolve(line.slice('YBM_READY '.length).trim());
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before it was ready:\n${output.join('\n')}`));
    });
  });

  return {
    url,
    dataDir,
    insuranceUrl: `http://127.0.0.1:${env.INSURANCE_PORT}`,
    wechatUrl: `http://127.0.0.1:${env.WECHAT_PORT}`,
    alipayUrl: `http://127.0.0.1:${env.ALIPAY_PORT}`,
    output,
    instances,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}
