// A BFF as its own process (bff/src/main.ts under tsx, as npm start runs it), for the tests
// that need real processes: restarts, kill -9, several instances on one PostgreSQL + Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { freePort } from './system';

const ROOT = path.resolve(__dirname, '..', '..');

export interface BffProcess {
  url: string;
  pid: number;
  /** What it printed on stderr (its warnings and errors), for failure messages. */
  errors: string[];
  /** Sends `signal` and resolves once the process exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Sends `signal` only (a graceful shutdown the test watches). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves with the exit code (null when a signal ended it) once the process exited. */
  exited: Promise<number | null>;
  /** Whether it still runs. */
  running(): boolean;
}

/**
 * Starts the BFF with `env` (a complete BFF environment) on a free port; resolves when it listens.
 * `nodeArgs`: more for node (a preloaded test clock, clock-file.ts).
 */
export async function startBffProcess(
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<BffProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', ...nodeArgs, path.join(ROOT, 'bff/src/main.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, BFF_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const errors: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => errors.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('YBM_BFF_LISTENING ')) resolve(line.slice('YBM_BFF_LISTENING '.length).trim());
    });
    void exited.then(() => reject(new Error(`BFF exited before it listened:\n${errors.join('\n')}`)));
  });
  return {
    url,
    pid: child.pid!,
    errors,
    exited,
    running,
    async stop(signal = 'SIGTERM') {
      if (running()) child.kill(signal);
      await exited;
    },
    signal(signal) {
      if (running()) child.kill(signal);
    },
  };
}
