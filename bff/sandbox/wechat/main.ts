// Runs the fake WeChat open platform on loopback with the demo app's credentials.
import path from 'node:path';

import { createWechatSandbox } from './app';
import { ensureWechatDemoApp } from './demo-app';

const dataDir = path.resolve(process.env.YBM_DATA_DIR ?? '.data');
const port = Number(process.env.WECHAT_PORT ?? 8789);
const host = process.env.WECHAT_HOST ?? '127.0.0.1';

const credentials = ensureWechatDemoApp(dataDir);
const { app } = createWechatSandbox(credentials);

const server = app.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`YBM_WECHAT_LISTENING http://${host}:${actual}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
