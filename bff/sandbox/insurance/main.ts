// Runs the insurance sandbox on loopback: SQLite and demo keys under the data folder.
import path from 'node:path';

import { openDatabase } from '../lib/sqlite';
import { createInsuranceSandbox } from './app';
import { ensureDemoKeys } from './keys';
import { MIGRATIONS } from './migrations';

const dataDir = path.resolve(process.env.YBM_DATA_DIR ?? '.data');
const port = Number(process.env.INSURANCE_PORT ?? 8788);
const host = process.env.INSURANCE_HOST ?? '127.0.0.1';

const keys = ensureDemoKeys(dataDir);
const db = openDatabase(path.join(dataDir, 'insurance', 'insurance.sqlite'), MIGRATIONS);
const { app, channels } = createInsuranceSandbox({ db, platformKeys: keys.platform });
for (const channel of keys.channels) channels.register({ ...channel, publicKey: channel.keys.publicKey });

const server = app.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`YBM_INSURANCE_LISTENING http://${host}:${actual}\n`);
});
const stop = () =>
  server.close(() => {
    db.close();
    process.exit(0);
  });
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
