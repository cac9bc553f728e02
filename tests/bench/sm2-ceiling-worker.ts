// One worker of the SM2 ceiling: the code-issue path's SM2 work per request, with the
// library and key preparation the code uses (Sm2Signer: cached Z, precomputed public
// points; sm-crypto-v2 for the curve, Node's SM3):
//   BFF seals the request      → sign   (channel key)
//   sandbox opens it           → verify (channel public key)
//   sandbox seals the answer   → sign   (platform key)
//   BFF opens the answer       → verify (platform public key)
// = 2 signs + 2 verifies per request. Modes: 'sign' / 'verify' time one operation alone;
// 'request' runs whole requests. Each run waits for the parent's 'go' so workers overlap.
import { parentPort, workerData } from 'node:worker_threads';

import { Sm2Signer, utf8Encode, type Sm2KeyPair } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';

export interface CeilingWorkerData {
  mode: 'sign' | 'verify' | 'request';
  durationMs: number;
  channelKeys: Sm2KeyPair;
  platformKeys: Sm2KeyPair;
  userId: string;
  /** The sign strings of a real code.issue request and its answer. */
  requestText: string;
  answerText: string;
}

export interface CeilingWorkerResult {
  count: number;
  elapsedMs: number;
}

const data = workerData as CeilingWorkerData;
const signer = new Sm2Signer(nodePrimitives);
const request = utf8Encode(data.requestText);
const answer = utf8Encode(data.answerText);

function oneRequest(): void {
  const requestSignature = signer.sign(request, data.channelKeys, data.userId);
  if (!signer.verify(request, requestSignature, data.channelKeys.publicKey, data.userId)) {
    throw new Error('request signature does not verify');
  }
  const answerSignature = signer.sign(answer, data.platformKeys, data.userId);
  if (!signer.verify(answer, answerSignature, data.platformKeys.publicKey, data.userId)) {
    throw new Error('answer signature does not verify');
  }
}

const fixedSignature = signer.sign(request, data.channelKeys, data.userId);
const operations: Record<CeilingWorkerData['mode'], () => void> = {
  sign: () => void signer.sign(request, data.channelKeys, data.userId),
  verify: () => void signer.verify(request, fixedSignature, data.channelKeys.publicKey, data.userId),
  request: oneRequest,
};

const run = operations[data.mode];
// Warm up (JIT, caches) before telling the parent we are ready.
for (let i = 0; i < 100; i += 1) run();
parentPort?.once('message', () => {
  const start = performance.now();
  const end = start + data.durationMs;
  let count = 0;
  let now = start;
  while (now < end) {
    run();
    count += 1;
    now = performance.now();
  }
  parentPort?.postMessage({ count, elapsedMs: now - start } satisfies CeilingWorkerResult);
});
parentPort?.postMessage('ready');
