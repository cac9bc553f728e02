// 两定 interface (PROTOCOL.md §1) at FSI_PATH: one POST path, the transaction chosen by
// infno; every answer — success or not — is HTTP 200 with infcode, like the real platform.
import { Router } from '@koa/router';
import { FSI_PATH } from '@ybm/shared/protocol';

import type { SandboxContext } from '../context';
import { handleFsiMessage, type FsiTransaction } from './dispatch';
import { catalogueQuery } from './transactions/catalogue';
import { outpatientPreSettle, outpatientReverse, outpatientSettle } from './transactions/outpatient-settle';
import { cancelRegistration, register, revokeFees, uploadFees, visitInfo } from './transactions/outpatient';
import { personInfo } from './transactions/person-info';
import { pharmacyPreSettle, pharmacyReverse, pharmacySettle } from './transactions/pharmacy';
import { correction } from './transactions/reversal';
import { signIn, signOut } from './transactions/sign-in';

export const FSI_TRANSACTIONS: Readonly<Record<string, FsiTransaction>> = {
  '9001': signIn,
  '9002': signOut,
  '1101': personInfo,
  '1312': catalogueQuery,
  '2101': pharmacyPreSettle,
  '2102': pharmacySettle,
  '2103': pharmacyReverse,
  '2201': register,
  '2202': cancelRegistration,
  '2203': visitInfo,
  '2204': uploadFees,
  '2205': revokeFees,
  '2206': outpatientPreSettle,
  '2207': outpatientSettle,
  '2208': outpatientReverse,
  '2601': correction,
};

export function createFsiRouter(context: SandboxContext): Router {
  const router = new Router();
  router.post(FSI_PATH, async (ctx) => {
    ctx.status = 200;
    ctx.body = await handleFsiMessage(context, FSI_TRANSACTIONS, (ctx.request as { body?: unknown }).body);
  });
  return router;
}
