// Runs the fake WeChat open platform on loopback with the demo app's credentials, and the fake
// WeChat Pay (merchant API v3) for the demo merchant on the same port: WeChat Pay's paths
// (/v3/…, and its dev controls /dev/pay/…) go to it, everything else to the open platform.
import { createServer } from 'node:http';
import path from 'node:path';

import { createWechatPaySandbox, isWechatPayPath } from '../wechatpay/app';
import { ensureWechatPayDemoMerchant } from '../wechatpay/keys';
import { createWechatSandbox } from './app';
import { ensureWechatDemoApp } from './demo-app';

const dataDir = path.resolve(process.env.YBM_DATA_DIR ?? '.data');
const port = Number(process.env.WECHAT_PORT ?? 8789);
const host = process.env.WECHAT_HOST ?? '127.0.0.1';

const credentials = ensureWechatDemoApp(dataDir);
const merchant = ensureWechatPayDemoMerchant(dataDir);
const { app } = createWechatSandbox(credentials);
const pay = createWechatPaySandbox({
  mchid: merchant.mchid,
  serial: merchant.serial,
  merchantPublicKey: merchant.merchant.publicKey,
  apiV3Key: merchant.apiV3Key,
  platformPrivateKey: merchant.platform.privateKey,
  publicKeyId: merchant.publicKeyId,
  appIds: [credentials.appId],
});

const openPlatform = app.callback();
const wechatPay = pay.app.callback();
const server = createServer((req, res) => {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  return isWechatPayPath(pathname) ? wechatPay(req, res) : openPlatform(req, res);
});
server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`YBM_WECHAT_LISTENING http://${host}:${actual}\n`);
});
const stop = () => {
  pay.close();
  server.close(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
