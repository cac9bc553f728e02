// Runs the fake Alipay open platform on loopback with the demo app's keys.
import path from 'node:path';

import { createAlipaySandbox } from './app';
import { ensureAlipayDemoKeys } from './keys';

const dataDir = path.resolve(process.env.YBM_DATA_DIR ?? '.data');
const port = Number(process.env.ALIPAY_PORT ?? 8790);
const host = process.env.ALIPAY_HOST ?? '127.0.0.1';

const keys = ensureAlipayDemoKeys(dataDir);
const sandbox = createAlipaySandbox({
  appId: keys.appId,
  appPublicKey: keys.app.publicKey,
  alipayKeyPair: keys.alipay,
});

const server = sandbox.app.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`YBM_ALIPAY_LISTENING http://${host}:${actual}\n`);
});
const stop = () => {
  sandbox.close();
  server.close(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
