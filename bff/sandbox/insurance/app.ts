// The insurance-platform sandbox as a Koa app (main.ts listens). This step speaks the
// channel gateway: open and verify the request envelope, run the operation, answer in a
// signed and encrypted envelope. Envelopes it cannot trust get an unsigned refusal.
import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import { createEnvelopeCodec, EnvelopeError, ERRORS, type Sm2KeyPair } from '@ybm/shared';
import { nodePrimitives } from '@ybm/shared/src/gm/node';
import Koa from 'koa';

import type { Db } from '../lib/sqlite';
import { createChannelRegistry, type ChannelRegistry } from './channels';
import { createOperations, PlatformRefusal } from './operations';

export const GATEWAY_PATH = '/channel/v1/gateway';

export interface InsuranceSandboxDeps {
  db: Db;
  platformKeys: Sm2KeyPair;
  now?: () => number;
}

export interface InsuranceSandbox {
  app: Koa;
  channels: ChannelRegistry;
}

export function createInsuranceSandbox(deps: InsuranceSandboxDeps): InsuranceSandbox {
  const now = deps.now ?? Date.now;
  const codec = createEnvelopeCodec({ primitives: nodePrimitives, now });
  const channels = createChannelRegistry(deps.db, deps.platformKeys, now);
  const operations = createOperations();
  const logRequest = deps.db.prepare(
    'INSERT INTO channel_requests (app_id, method, outcome, received_at) VALUES (?, ?, ?, ?)',
  );

  const app = new Koa();
  app.silent = true;
  const router = new Router();

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  router.post(GATEWAY_PATH, (ctx) => {
    let opened;
    try {
      opened = codec.open((ctx.request as { body?: unknown }).body, channels.find);
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      logRequest.run(null, null, error.code, new Date(now()).toISOString());
      ctx.status = ERRORS[error.code].status;
      ctx.body = { code: error.code, message: ERRORS[error.code].message };
      return;
    }
    const channel = channels.find(opened.appId);
    if (!channel) throw new Error('channel vanished between open and answer');

    const method = opened.method ?? '';
    const handler = operations[method];
    let outcome = '0';
    let answer: { data: unknown; code: string; message: string };
    try {
      if (!handler) throw new PlatformRefusal('UNKNOWN_OPERATION', `不支持的交易：${method || '(无)'}`);
      answer = { data: handler(opened.data, { appId: opened.appId, now }), code: '0', message: '成功' };
    } catch (error) {
      if (!(error instanceof PlatformRefusal)) throw error;
      outcome = error.code;
      answer = { data: undefined, code: error.code, message: error.message };
    }
    logRequest.run(opened.appId, method, outcome, new Date(now()).toISOString());
    ctx.body = codec.seal(channel, answer.data, { code: answer.code, message: answer.message });
  });

  app.use(async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { code: 'NOT_FOUND', message: ERRORS.NOT_FOUND.message };
      }
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        ctx.status = status;
        ctx.body = { code: 'ENVELOPE_MALFORMED', message: ERRORS.ENVELOPE_MALFORMED.message };
      } else {
        ctx.status = 500;
        ctx.body = { code: 'INTERNAL_ERROR', message: ERRORS.INTERNAL_ERROR.message };
        process.stderr.write(`insurance sandbox error: ${(error as Error).stack ?? String(error)}\n`);
      }
    }
  });
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '256kb' }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return { app, channels };
}
