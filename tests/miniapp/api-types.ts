// Type-level test of the phone's API client, checked by `npm run typecheck` (tsc -p tests), not
// by jest: each call's body, path parameters and answer come from the endpoints table in
// @ybm/shared. Every `@ts-expect-error` below must meet an error — were a body typed `unknown`
// again, or the params loose, tsc would report the directive as unused and typecheck would fail.
import type { Bill, ClaimState, EndpointBody, EndpointParams, Meta } from '@ybm/shared';

import { call } from '../../miniapp/src/services/api';

/** `true` only when A and B are the same type. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(verdict: Same<A, B>) => verdict;

export async function typedCalls(): Promise<void> {
  // Answers are the response schema's output.
  const meta: Meta = await call('meta');
  const bill: Bill = await call('bill', { params: { billId: 'B1' } });
  const claim: ClaimState = await call('claimIdentity', {
    params: { claimId: 'C1' },
    body: { name: '张三', docType: 'resident_id', docNumber: '110101199003071234' },
  });
  void [meta, bill, claim];

  // @ts-expect-error a body field of the wrong type
  await call('claimSmsVerify', { params: { claimId: 'C1' }, body: { smsCode: 123456 } });
  // @ts-expect-error a body missing a required field
  await call('claimSmsVerify', { params: { claimId: 'C1' }, body: {} });
  // @ts-expect-error a body where the endpoint takes none
  await call('claimSmsSend', { params: { claimId: 'C1' }, body: { smsCode: '123456' } });
  // @ts-expect-error no body where the endpoint needs one
  await call('devFaceResult', {});
  // @ts-expect-error a literal the schema does not allow
  await call('devCashier', { params: { orderId: 'O1' }, body: { result: 'refund' } });
  // @ts-expect-error options left out where the path has a parameter
  await call('record');
  // @ts-expect-error a path parameter the path does not name
  await call('record', { params: { billId: 'B1' } });
  // @ts-expect-error the answer is not some other endpoint's
  const wrong: Meta = await call('me');
  void wrong;
}

// The table's own types: a body is the schema's input, never `unknown`.
export const bodyTypes = [
  same<EndpointBody<'claimSmsVerify'>, { smsCode: string }>(true),
  same<EndpointBody<'claimSmsSend'>, undefined>(true),
  same<EndpointParams<'readInbox'>, Record<'id', string>>(true),
  same<EndpointParams<'meta'>, undefined>(true),
  // @ts-expect-error `unknown` is not the body of any endpoint
  same<EndpointBody<'claimSmsVerify'>, unknown>(true),
];
