// Runs the insurance sandbox on loopback: SQLite and demo keys under the data folder.
import path from 'node:path';

import { startCheckpointer } from '@ybm/shared/node';

import { openDatabase } from '../lib/sqlite';
import { createInsuranceSandbox } from './app';
import { createEventDispatcher } from './events/dispatcher';
import { groupCommit } from './group-commit';
import { ensureDemoKeys } from './keys';
import { MIGRATIONS } from './migrations';
import { seedDemoData } from './seed';

const dataDir = path.resolve(process.env.YBM_DATA_DIR ?? '.data');
const port = Number(process.env.INSURANCE_PORT ?? 8788);
const host = process.env.INSURANCE_HOST ?? '127.0.0.1';

const keys = ensureDemoKeys(dataDir);
const db = openDatabase(path.join(dataDir, 'insurance', 'insurance.sqlite'), MIGRATIONS);
// Performance (npm run bench, tests/bench): with WAL, SQLite's default synchronous=FULL
// fsyncs on every commit — 0.5–1 ms of blocked event loop per write on this machine kind
// (≈ 30 µs with NORMAL), and code.issue alone writes twice. NORMAL is SQLite's advice for
// WAL: a crash of the process loses nothing; only a power cut may lose the last commits,
// which is acceptable for a local stand-in of the platform.
db.pragma('synchronous = NORMAL');
const checkpointer = startCheckpointer(db, {
  onError: (message) => process.stderr.write(`WAL checkpoint: ${message}\n`),
});
const { app, channels, context } = createInsuranceSandbox({ db, platformKeys: keys.platform });
// Idempotent: reference data is refreshed, accounts and their history are kept.
seedDemoData(context);
for (const channel of keys.channels) channels.register({ ...channel, publicKey: channel.keys.publicKey });

// Events (bill.created, settlement.completed, …) go to the BFF only when it says where.
const webhookUrl = process.env.INSURANCE_WEBHOOK_URL;
const dispatcher = webhookUrl
  ? createEventDispatcher(context, {
      webhookUrl,
      timeoutMs: Number(process.env.INSURANCE_WEBHOOK_TIMEOUT_MS ?? 5000),
      backoff: { baseMs: 1000, maxMs: 5 * 60_000 },
      onError: (error) => process.stderr.write(`event dispatcher: ${String(error)}\n`),
      // The problem is kept on the event only until a retry succeeds: say it when it happens.
      onDeliveryFailed: ({ appId, events, problem }) =>
        process.stderr.write(`event dispatcher: ${events} event(s) for ${appId} not delivered: ${problem}\n`),
    })
  : undefined;
dispatcher?.start();

const server = app.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`YBM_INSURANCE_LISTENING http://${host}:${actual}\n`);
});
const stop = () =>
  server.close(() => {
    void (dispatcher?.stop() ?? Promise.resolve()).then(() => {
      groupCommit(db).flush();
      void checkpointer.stop().finally(() => {
        db.close();
        process.exit(0);
      });
    });
  });
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
