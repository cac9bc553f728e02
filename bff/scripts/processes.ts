// The process keeping of `npm start` and `npm run start:scaled`: each server a child of ours
// under tsx, ready when it prints its machine-readable line, its output prefixed with its name;
// one that dies unexpectedly stops everything; Ctrl-C / SIGTERM stops every child, then runs the
// cleanups (the engines), then exits.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { SERVER_NODE_FLAGS } from './node-flags';

export const root = path.resolve(__dirname, '..', '..');

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export interface Supervisor {
  /** Starts a TypeScript entry point under tsx and resolves with the URL it announces. */
  startServer(name: string, entry: string, env: NodeJS.ProcessEnv, readyPrefix: string): Promise<string>;
  /** Keeps an already spawned child: stopped with the others, and stopping them when it dies. */
  adopt(name: string, child: ChildProcess): void;
  /** Runs after every child exited (stopping engines, in reverse order of registration). */
  onStop(cleanup: () => Promise<void>): void;
  stopAll(code: number): void;
  readonly stopping: boolean;
}

export function createSupervisor(): Supervisor {
  const children: ChildProcess[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  let stopping = false;

  function stopAll(code: number): void {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    // Give children a moment to close their servers and databases, the engines a few more.
    setTimeout(() => process.exit(code), 20_000).unref();
    void Promise.all(
      children.map(
        (child) =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(null);
            // A BFF drains first: requests in flight may take SHUTDOWN_DRAIN_MS (10 s by default).
            const timer = setTimeout(() => child.kill('SIGKILL'), 12_000);
            child.once('exit', () => done(clearTimeout(timer)));
          }),
      ),
    )
      .then(async () => {
        for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      })
      .finally(() => process.exit(code));
  }

  function watch(name: string, child: ChildProcess, onExit?: (reason: string) => void): void {
    children.push(child);
    child.once('exit', (code, signal) => {
      const reason = String(signal ?? code);
      onExit?.(reason);
      if (!stopping) {
        process.stderr.write(`${name} stopped unexpectedly (${reason}); stopping everything\n`);
        stopAll(1);
      }
    });
  }

  return {
    startServer(name, entry, env, readyPrefix) {
      const child = spawn(
        process.execPath,
        [...SERVER_NODE_FLAGS, '--import', 'tsx', path.join(root, entry)],
        { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      return new Promise((resolve, reject) => {
        createInterface({ input: child.stdout! }).on('line', (line) => {
          if (line.startsWith(readyPrefix)) resolve(line.slice(readyPrefix.length).trim());
          else if (process.env.YBM_QUIET !== '1') log(`[${name}] ${line}`);
        });
        createInterface({ input: child.stderr! }).on('line', (line) =>
          process.stderr.write(`[${name}] ${line}\n`),
        );
        watch(name, child, (reason) => reject(new Error(`${name} exited (${reason}) before it was ready`)));
      });
    },
    adopt: (name, child) => watch(name, child),
    onStop: (cleanup) => void cleanups.push(cleanup),
    stopAll,
    get stopping() {
      return stopping;
    },
  };
}
