// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever
// commit crosses 1 000 WAL pages: it copies those pages into the database file and fsyncs
// it, on the server's only thread — a stall of several ms (fsync included) every few
// hundred writes, which every request queued behind it waits out. Here the serving
// connection never checkpoints; a worker thread with its
// own connection runs a PASSIVE checkpoint every interval (it never blocks a writer or a
// reader) and a TRUNCATE one when stopped. Only for file databases (tests use :memory:).
import { Worker } from 'node:worker_threads';

import type { Db } from './sqlite';

export interface Checkpointer {
  /** Stops the worker after a last full checkpoint; call before closing the database. */
  stop(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const report = (error) => parentPort.postMessage({ error: String(error && error.message || error) });
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { report(error); }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch (error) { report(error); }
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export function startCheckpointer(
  db: Db,
  options: { intervalMs?: number; onError?: (message: string) => void } = {},
): Checkpointer {
  if (db.memory) return { stop: async () => undefined };
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      file: db.name,
      intervalMs: options.intervalMs ?? 500,
    },
  });
  worker.unref();
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(message.error);
  });
  worker.on('error', (error) => options.onError?.(String(error)));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.on('message', (message: { stopped?: boolean }) => {
          if (message.stopped) void worker.terminate().then(() => resolve());
        });
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
