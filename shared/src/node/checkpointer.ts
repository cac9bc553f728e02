// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever
// commit crosses 1 000 WAL pages: it copies those pages into the database file and fsyncs
// it, on the server's only thread — a stall of several ms (fsync included) every few
// hundred writes, which every request queued behind it waits out. Here the serving
// connection never checkpoints; a worker thread with its own connection runs a PASSIVE
// checkpoint every interval (it never blocks a writer or a reader) and a TRUNCATE one
// when stopped. Only for file databases (tests use :memory:).
//
// A PASSIVE checkpoint alone does not keep the WAL small under steady writes: SQLite
// rewinds the WAL only after a checkpoint that caught up with the last commit, and with a
// commit every millisecond the worker's never does (the bench grew the sandbox's WAL by
// 17 MB/s, without end). So once the WAL holds `restartFrames` frames, the worker asks the
// serving connection to checkpoint once itself: being the only writer, it always catches
// up, and only has the few frames committed since the worker's pass left to copy (plus the
// fsyncs: a pause of 2–20 ms in the bench, once per `restartFrames` frames). Its next commit then
// rewinds the WAL, and journal_size_limit truncates the file back. The worker itself never
// takes the write lock (a RESTART would), so a transaction that reads and then writes can
// never meet SQLITE_BUSY because of it.
import { Worker } from 'node:worker_threads';

import type { Db } from './sqlite';

export interface Checkpointer {
  /** Resolves once the worker has its connection open. */
  ready: Promise<void>;
  /** Stops the worker after a last full checkpoint; call before closing the database. */
  stop(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const report = (error) => parentPort.postMessage({ error: String(error && error.message || error) });
const checkpoint = (mode) => db.pragma('wal_checkpoint(' + mode + ')')[0];
const timer = setInterval(() => {
  try {
    if (checkpoint('PASSIVE').log >= workerData.restartFrames) parentPort.postMessage({ rewind: true });
  } catch (error) { report(error); }
}, workerData.intervalMs);
parentPort.postMessage({ ready: true });
parentPort.on('message', () => {
  clearInterval(timer);
  try { checkpoint('TRUNCATE'); } catch (error) { report(error); }
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export function startCheckpointer(
  db: Db,
  options: {
    intervalMs?: number;
    /** WAL size (frames, ≈ pages) past which the serving connection rewinds it. */
    restartFrames?: number;
    onError?: (message: string) => void;
  } = {},
): Checkpointer {
  if (db.memory) return { ready: Promise.resolve(), stop: async () => undefined };
  const restartFrames = options.restartFrames ?? 16_384;
  db.pragma('wal_autocheckpoint = 0');
  const pageBytes = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`journal_size_limit = ${restartFrames * pageBytes}`);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      file: db.name,
      intervalMs: options.intervalMs ?? 500,
      restartFrames,
    },
  });
  worker.unref();
  const ready = new Promise<void>((resolve) => {
    worker.on('message', (message: { ready?: boolean }) => message.ready && resolve());
    worker.once('exit', () => resolve());
  });
  worker.on('message', (message: { error?: string; rewind?: boolean }) => {
    if (message.error) options.onError?.(message.error);
    if (message.rewind && db.open) {
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch (error) {
        options.onError?.(String(error));
      }
    }
  });
  worker.on('error', (error) => options.onError?.(String(error)));
  return {
    ready,
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
