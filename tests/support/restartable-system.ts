// The whole system as `npm start` runs it (support/system.ts), but with the BFF as a process of
// the test's own, so the test can stop it (SIGTERM) and start it again on the same port and the
// same database — the phone sees the BFF go and come back (issue 26). The insurance platform is
// reached through a cable the test can pull (support/cable.ts). It serves the H5 build the run
// made before any test (tests/e2e/global-setup.ts). Everything binds 127.0.0.1 on free ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { cable, type Cable } from './cable';
import { freePort, TEST_H5_DIR, type RunningSystem } from './system';

const ROOT = path.resolve(__dirname, '..', '..');

export interface RestartableSystem extends RunningSystem {
  /** Between the BFF and the insurance platform. */
  platform: Cable;
  /** Stops the BFF (SIGTERM) and resolves once it exited. */
  stopBff(): Promise<void>;
  /** Starts the BFF again on the same port and database; resolves once it listens. */
  startBff(): Promise<void>;
}

/** Spawns `script` under tsx; resolves with its child once a line starts with `prefix`. */
function spawnUntil(
  args: string[],
  env: NodeJS.ProcessEnv,
  output: string[],
  ready: (line: string) => boolean,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (ready(line)) resolve(child);
    });
    child.once('exit', (code) =>
      reject(new Error(`${args[0]} exited (${code}) before it was ready:\n${output.join('\n')}`)),
    );
  });
}

const exited = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });

export async function startRestartableSystem(): Promise<RestartableSystem> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ybm-restartable-'));
  const bffPort = String(await freePort());
  const ports = {
    INSURANCE_PORT: String(await freePort()),
    WECHAT_PORT: String(await freePort()),
    ALIPAY_PORT: String(await freePort()),
  };
  const platform = await cable(`http://127.0.0.1:${ports.INSURANCE_PORT}`);
  const output: string[] = [];
  let bffEnv: NodeJS.ProcessEnv | undefined;
  const sandboxes = await spawnUntil(
    [path.join(ROOT, 'tests/support/demo-sandboxes.ts')],
    {
      ...process.env,
      ...ports,
      BFF_PORT: bffPort,
      YBM_DATA_DIR: dataDir,
      H5_DIR: TEST_H5_DIR,
      YBM_BFF_INSURANCE_URL: platform.url,
    },
    output,
    (line) => {
      if (!line.startsWith('YBM_BFF_ENV ')) return false;
      bffEnv = JSON.parse(line.slice('YBM_BFF_ENV '.length)) as NodeJS.ProcessEnv;
      return true;
    },
  );

  let bff: ChildProcess | undefined;
  const startBff = async () => {
    bff = await spawnUntil(
      [path.join(ROOT, 'bff/src/main.ts')],
      { ...process.env, ...bffEnv, LOG_LEVEL: 'warn' },
      output,
      (line) => line.startsWith('YBM_BFF_LISTENING '),
    );
  };
  const stopBff = async () => {
    const running = bff;
    bff = undefined;
    if (running && running.exitCode === null) running.kill('SIGTERM');
    await exited(running);
  };
  await startBff();

  return {
    url: `http://127.0.0.1:${bffPort}`,
    dataDir,
    insuranceUrl: `http://127.0.0.1:${ports.INSURANCE_PORT}`,
    wechatUrl: `http://127.0.0.1:${ports.WECHAT_PORT}`,
    alipayUrl: `http://127.0.0.1:${ports.ALIPAY_PORT}`,
    output,
    instances: [],
    platform,
    stopBff,
    startBff,
    async stop() {
      await stopBff();
      if (sandboxes.exitCode === null) sandboxes.kill('SIGTERM');
      await exited(sandboxes);
      await platform.close();
      return sandboxes.exitCode;
    },
  };
}
