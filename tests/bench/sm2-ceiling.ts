// The SM2 ceiling (BENCHMARKS.md): how many code-issue requests' worth of SM2 work this
// machine does when it does nothing else — one worker thread per core running the path's
// 2 signs + 2 verifies per request (see sm2-ceiling-worker.ts) — and, for reference, the
// one-core formula c / (s·t_sign + v·t_verify), which overstates it when cores share
// caches and turbo budget.
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

import {
  buildSignString,
  compactJson,
  DEFAULT_SM2_USER_ID,
  ENVELOPE_VERSION,
  formatTimestamp,
  type Sm2KeyPair,
} from '@ybm/shared/gm';

import { SERVER_SEMI_SPACE_MB } from '../../bff/scripts/node-flags';
import type { CeilingWorkerData, CeilingWorkerResult } from './sm2-ceiling-worker';

/** Signs and verifies one code.issue request costs end to end (BFF ⇄ sandbox). */
export const CODE_ISSUE_SM2 = { signs: 2, verifies: 2 } as const;

export interface Sm2Ceiling {
  cores: number;
  signsPerRequest: number;
  verifiesPerRequest: number;
  /** One core, nothing else running. */
  signPerSec: number;
  verifyPerSec: number;
  /** c / (s·t_sign + v·t_verify). */
  formulaRps: number;
  /** Measured: one worker per core, all at once. */
  ceilingRps: number;
  perWorkerRps: number[];
}

const WORKER = path.join(__dirname, 'sm2-ceiling-worker.ts');

/** Starts workers (tsx-compiled), releases them together, and collects their counts. */
async function runWorkers(count: number, data: CeilingWorkerData): Promise<CeilingWorkerResult[]> {
  const workers = Array.from(
    { length: count },
    () =>
      // Workers do not inherit tsx's loader for a .ts entry: register it inside the worker.
      new Worker(`require('tsx/cjs'); require(${JSON.stringify(WORKER)});`, {
        eval: true,
        workerData: data,
        // The servers' young generation (node-flags.ts): V8 sizes it as 3 semi-spaces.
        resourceLimits: { maxYoungGenerationSizeMb: 3 * SERVER_SEMI_SPACE_MB },
      }),
  );
  try {
    const results = workers.map(
      (worker) =>
        new Promise<CeilingWorkerResult>((resolve, reject) => {
          worker.on('error', reject);
          worker.on('message', (message: unknown) => {
            if (message !== 'ready') resolve(message as CeilingWorkerResult);
          });
        }),
    );
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once('error', reject);
            worker.once('message', () => resolve());
          }),
      ),
    );
    for (const worker of workers) worker.postMessage('go');
    return await Promise.all(results);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** Realistic sign strings: a code.issue request and its answer, as the codec builds them. */
function signStrings(appId: string, appSecret: string): { requestText: string; answerText: string } {
  const head = {
    appId,
    encType: 'SM4',
    signType: 'SM2',
    timestamp: formatTimestamp(Date.now(), 'yyyyMMddHHmmss'),
    version: ENVELOPE_VERSION,
  };
  const issuedAt = new Date().toISOString();
  return {
    requestText: buildSignString(
      { ...head, method: 'code.issue' },
      compactJson({ psnNo: '23120090000001' }),
      appSecret,
    ),
    answerText: buildSignString(
      { ...head, code: '0', message: '成功' },
      compactJson({
        code: 'YB1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9',
        issuedAt,
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      }),
      appSecret,
    ),
  };
}

/** What the workers need: keys and realistic sign strings for the channel. */
function workerBase(options: CeilingOptions): Omit<CeilingWorkerData, 'mode' | 'durationMs'> {
  return {
    channelKeys: options.channel.keys,
    platformKeys: options.platformKeys,
    userId: options.channel.sm2UserId ?? DEFAULT_SM2_USER_ID,
    ...signStrings(options.channel.appId, options.channel.appSecret),
  };
}

interface CeilingOptions {
  channel: { appId: string; appSecret: string; keys: Sm2KeyPair; sm2UserId?: string };
  platformKeys: Sm2KeyPair;
  /** Seconds for the ceiling run (the single-op timings take a third of it each). */
  seconds: number;
}

/** Requests' worth of SM2 work per second with one worker per core, all at once. */
export async function measureCeilingRps(
  options: CeilingOptions,
): Promise<Pick<Sm2Ceiling, 'ceilingRps' | 'perWorkerRps'>> {
  const all = await runWorkers(os.availableParallelism(), {
    ...workerBase(options),
    mode: 'request',
    durationMs: options.seconds * 1000,
  });
  const perWorkerRps = all.map((r) => (r.count / r.elapsedMs) * 1000);
  return { ceilingRps: perWorkerRps.reduce((sum, rps) => sum + rps, 0), perWorkerRps };
}

/** One-core sign and verify rates, the formula from them, and the measured ceiling. */
export async function measureSm2Ceiling(options: CeilingOptions): Promise<Sm2Ceiling> {
  const cores = os.availableParallelism();
  const base = workerBase(options);
  const opMs = Math.max(500, (options.seconds * 1000) / 3);
  const [sign] = await runWorkers(1, { ...base, mode: 'sign', durationMs: opMs });
  const [verify] = await runWorkers(1, { ...base, mode: 'verify', durationMs: opMs });
  const measured = await measureCeilingRps(options);

  const signPerSec = (sign!.count / sign!.elapsedMs) * 1000;
  const verifyPerSec = (verify!.count / verify!.elapsedMs) * 1000;
  const { signs, verifies } = CODE_ISSUE_SM2;
  return {
    cores,
    signsPerRequest: signs,
    verifiesPerRequest: verifies,
    signPerSec,
    verifyPerSec,
    formulaRps: cores / (signs / signPerSec + verifies / verifyPerSec),
    ...measured,
  };
}
