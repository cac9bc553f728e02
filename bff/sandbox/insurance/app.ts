// The insurance-platform sandbox as a Koa app (main.ts listens): the channel gateway for
// the BFF, the 两定 interface and e-voucher centre for counters, mobile payment for HIS.
import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import { ERRORS } from '@ybm/shared';
import { createEnvelopeCodec, type Sm2KeyPair } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import { FSI_PATH } from '@ybm/shared/protocol';
import Koa from 'koa';

import type { Db } from '../lib/sqlite';
import { codeOperations } from './channel/codes';
import { createChannelGateway } from './channel/gateway';
import type { Operations } from './channel/operation';
import { peopleOperations } from './channel/people';
import { systemOperations } from './channel/system';
import { voucherOperations } from './channel/voucher';
import { createChannelRegistry, type ChannelRegistry } from './channels';
import { secureRandom, type AnswerObserver, type SandboxContext } from './context';
import { createDevRouter } from './dev';
import { createEcRouter } from './ec/router';
import { createFaultControl, type FaultControl } from './faults';
import { fsiBodyProblem, fsiFailure } from './fsi/envelope';
import { createFsiRouter } from './fsi/router';
import { mobilePayOperations } from './mobile-pay/operations';
import { createMobilePayRouter } from './mobile-pay/router';

export interface InsuranceSandboxDeps {
  db: Db;
  platformKeys: Sm2KeyPair;
  now?: () => number;
  random?: (size: number) => Uint8Array;
  onAnswer?: AnswerObserver;
}

export interface InsuranceSandbox {
  app: Koa;
  channels: ChannelRegistry;
  context: SandboxContext;
  /** The channel gateway's operations by method, for tests that cover every one. */
  operations: Operations;
  /** The platform made slow or down on purpose (`/dev/faults`, issue 26). */
  faults: FaultControl;
}

export function createInsuranceSandbox(deps: InsuranceSandboxDeps): InsuranceSandbox {
  const now = deps.now ?? Date.now;
  const context: SandboxContext = {
    db: deps.db,
    now,
    random: deps.random ?? secureRandom,
    platformKeys: deps.platformKeys,
    codec: createEnvelopeCodec({ primitives: nodePrimitives, now }),
    channels: createChannelRegistry(deps.db, deps.platformKeys, now),
    ...(deps.onAnswer ? { onAnswer: deps.onAnswer } : {}),
  };

  const app = new Koa();
  app.silent = true;
  app.use(async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { code: 'NOT_FOUND', message: ERRORS.NOT_FOUND.message };
      }
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (ctx.path === FSI_PATH) {
        // 两定 clients read every answer as §1 JSON with HTTP 200, failures included.
        if (!(typeof status === 'number' && status >= 400 && status < 500)) {
          process.stderr.write(`insurance sandbox error: ${(error as Error).stack ?? String(error)}\n`);
        }
        ctx.status = 200;
        ctx.body = fsiFailure(context, fsiBodyProblem(status));
      } else if (typeof status === 'number' && status >= 400 && status < 500) {
        ctx.status = status;
        ctx.body = { code: 'ENVELOPE_MALFORMED', message: ERRORS.ENVELOPE_MALFORMED.message };
      } else {
        ctx.status = 500;
        ctx.body = { code: 'INTERNAL_ERROR', message: ERRORS.INTERNAL_ERROR.message };
        process.stderr.write(`insurance sandbox error: ${(error as Error).stack ?? String(error)}\n`);
      }
    }
  });
  // Before the body is even read: a platform that is down reads nothing.
  const faults = createFaultControl();
  app.use(faults.middleware);
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '256kb' }));

  const health = new Router();
  health.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  const operations = {
    ...systemOperations(),
    ...peopleOperations(context),
    ...voucherOperations(context),
    ...codeOperations(context),
    ...mobilePayOperations(context),
  };
  const routers = [
    health,
    createChannelGateway(context, operations),
    createFsiRouter(context),
    createEcRouter(context),
    createMobilePayRouter(context),
    createDevRouter(),
    faults.router(),
  ];
  for (const router of routers) app.use(router.routes());
  return { app, channels: context.channels, context, operations, faults };
}
