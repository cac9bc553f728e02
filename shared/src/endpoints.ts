// The BFF's endpoints as data: method, path and the schema of a successful response.
// The mini-program's client and the BFF's tests both read this table.
import type { z } from 'zod';

import { AccountSchema } from './schemas/account';
import { BillSchema, InboxSchema, PayBillSchema } from './schemas/bill';
import {
  CashOrderRequestSchema,
  CashPaymentSchema,
  CashStatusSchema,
  DevCashierRequestSchema,
} from './schemas/cash';
import {
  ClaimConsentSchema,
  ClaimDoneSchema,
  ClaimIdentitySchema,
  ClaimPasswordSchema,
  ClaimSmsVerifySchema,
  ClaimStateSchema,
  FaceStartSchema,
  PasswordKeySchema,
} from './schemas/claim';
import { ConsentsSchema } from './schemas/consent';
import {
  AddFamilyMemberSchema,
  FamilyConsentSchema,
  FamilyMemberSchema,
  FamilySchema,
} from './schemas/family';
import { MetaSchema } from './schemas/meta';
import {
  CreateSessionSchema,
  DevLoginCodeRequestSchema,
  DevLoginCodeSchema,
  DevPersonasSchema,
  DevFaceResultSchema,
  MeSchema,
  OkSchema,
  SessionSchema,
} from './schemas/session';
import { HealthSchema, ReadinessSchema } from './schemas/system';
import {
  RecordSchema,
  RecordsPageSchema,
  SmsCodeSchema,
  VoucherCodeSchema,
  VoucherEventsSchema,
} from './schemas/voucher';

export const API_PREFIX = '/api/v1';

export interface Endpoint<
  R extends z.ZodType = z.ZodType,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `:name` segments are path parameters. */
  path: string;
  response: R;
  /** The request body's schema, for endpoints that take one. */
  body: B;
  /** Needs `Authorization: Bearer <session token>`. */
  auth: boolean;
}

function endpoint<R extends z.ZodType, B extends z.ZodType | undefined = undefined>(
  method: Endpoint['method'],
  path: string,
  response: R,
  options: { body?: B; auth?: boolean } = {},
): Endpoint<R, B> {
  return { method, path, response, body: options.body as B, auth: options.auth ?? false };
}

const authed = { auth: true } as const;

export const endpoints = {
  health: endpoint('GET', '/healthz', HealthSchema),
  readiness: endpoint('GET', '/readyz', ReadinessSchema),
  meta: endpoint('GET', `${API_PREFIX}/meta`, MetaSchema),

  createSession: endpoint('POST', `${API_PREFIX}/session`, SessionSchema, { body: CreateSessionSchema }),
  deleteSession: endpoint('DELETE', `${API_PREFIX}/session`, OkSchema, authed),
  me: endpoint('GET', `${API_PREFIX}/me`, MeSchema, authed),
  /** What this platform account agreed to (授权管理), newest first. */
  consents: endpoint('GET', `${API_PREFIX}/me/consents`, ConsentsSchema, authed),

  // H5 dev login and fake face check: present only when the BFF's DEV_LOGIN is on.
  devPersonas: endpoint('GET', `${API_PREFIX}/dev/personas`, DevPersonasSchema),
  devLoginCode: endpoint('POST', `${API_PREFIX}/dev/login-code`, DevLoginCodeSchema, {
    body: DevLoginCodeRequestSchema,
  }),
  devFaceResult: endpoint('POST', `${API_PREFIX}/dev/face`, OkSchema, { body: DevFaceResultSchema }),

  passwordKey: endpoint('GET', `${API_PREFIX}/claim/password-key`, PasswordKeySchema, authed),
  claimStart: endpoint('POST', `${API_PREFIX}/claim`, ClaimStateSchema, {
    ...authed,
    body: ClaimConsentSchema,
  }),
  claimGet: endpoint('GET', `${API_PREFIX}/claim/:claimId`, ClaimStateSchema, authed),
  claimIdentity: endpoint('POST', `${API_PREFIX}/claim/:claimId/identity`, ClaimStateSchema, {
    ...authed,
    body: ClaimIdentitySchema,
  }),
  claimSmsSend: endpoint('POST', `${API_PREFIX}/claim/:claimId/sms`, ClaimStateSchema, authed),
  claimSmsVerify: endpoint('POST', `${API_PREFIX}/claim/:claimId/sms/verify`, ClaimStateSchema, {
    ...authed,
    body: ClaimSmsVerifySchema,
  }),
  claimFaceStart: endpoint('POST', `${API_PREFIX}/claim/:claimId/face`, FaceStartSchema, authed),
  claimFaceComplete: endpoint('POST', `${API_PREFIX}/claim/:claimId/face/complete`, ClaimStateSchema, authed),
  claimPassword: endpoint('POST', `${API_PREFIX}/claim/:claimId/password`, ClaimDoneSchema, {
    ...authed,
    body: ClaimPasswordSchema,
  }),
  claimSync: endpoint('POST', `${API_PREFIX}/claim/:claimId/sync`, ClaimDoneSchema, {
    ...authed,
    body: ClaimPasswordSchema,
  }),

  voucherCode: endpoint('GET', `${API_PREFIX}/voucher/code`, VoucherCodeSchema, authed),
  /** Long-poll (query: cursor, wait): what the counters did with this person's codes. */
  voucherEvents: endpoint('GET', `${API_PREFIX}/voucher/events`, VoucherEventsSchema, authed),
  records: endpoint('GET', `${API_PREFIX}/records`, RecordsPageSchema, authed),
  /** One of this person's settlements (the record's own page). */
  record: endpoint('GET', `${API_PREFIX}/records/:setlId`, RecordSchema, authed),

  /** 个人账户: balance, monthly credits, this year's spending. */
  account: endpoint('GET', `${API_PREFIX}/account`, AccountSchema, authed),

  // 亲情账户: members by opaque memberId; adults consent by face (and SMS) before the link is live.
  family: endpoint('GET', `${API_PREFIX}/family`, FamilySchema, authed),
  addFamilyMember: endpoint('POST', `${API_PREFIX}/family/members`, FamilyMemberSchema, {
    ...authed,
    body: AddFamilyMemberSchema,
  }),
  removeFamilyMember: endpoint('DELETE', `${API_PREFIX}/family/members/:memberId`, OkSchema, authed),
  familyConsent: endpoint(
    'GET',
    `${API_PREFIX}/family/members/:memberId/consent`,
    FamilyConsentSchema,
    authed,
  ),
  familyFaceStart: endpoint(
    'POST',
    `${API_PREFIX}/family/members/:memberId/consent/face`,
    FaceStartSchema,
    authed,
  ),
  familyFaceComplete: endpoint(
    'POST',
    `${API_PREFIX}/family/members/:memberId/consent/face/complete`,
    FamilyConsentSchema,
    authed,
  ),
  familySmsSend: endpoint(
    'POST',
    `${API_PREFIX}/family/members/:memberId/consent/sms`,
    FamilyConsentSchema,
    authed,
  ),
  familySmsVerify: endpoint(
    'POST',
    `${API_PREFIX}/family/members/:memberId/consent/sms/verify`,
    FamilyConsentSchema,
    { ...authed, body: SmsCodeSchema },
  ),
  /** The member's one-time code, shown on the guardian's phone with the member's masked name. */
  memberCode: endpoint('GET', `${API_PREFIX}/family/members/:memberId/code`, VoucherCodeSchema, authed),
  memberEvents: endpoint('GET', `${API_PREFIX}/family/members/:memberId/events`, VoucherEventsSchema, authed),

  bill: endpoint('GET', `${API_PREFIX}/bills/:billId`, BillSchema, authed),
  payBill: endpoint('POST', `${API_PREFIX}/bills/:billId/pay`, BillSchema, {
    ...authed,
    body: PayBillSchema,
  }),
  /** An order for the cash part at the person's platform (the same open one when asked again). */
  placeCashOrder: endpoint('POST', `${API_PREFIX}/bills/:billId/cash`, CashPaymentSchema, {
    ...authed,
    body: CashOrderRequestSchema,
  }),
  /** Where the cash part stands, asked when the phone comes back from the platform's cashier. */
  cashStatus: endpoint('GET', `${API_PREFIX}/bills/:billId/cash`, CashStatusSchema, authed),
  /** H5 demo: pay or cancel an order at the fake of the person's platform (DEV_LOGIN only). */
  devCashier: endpoint('POST', `${API_PREFIX}/dev/cashier/:orderId`, OkSchema, {
    ...authed,
    body: DevCashierRequestSchema,
  }),
  inbox: endpoint('GET', `${API_PREFIX}/inbox`, InboxSchema, authed),
  readInbox: endpoint('POST', `${API_PREFIX}/inbox/:id/read`, OkSchema, authed),
} as const;

export type EndpointName = keyof typeof endpoints;
export type EndpointResponse<N extends EndpointName> = z.infer<(typeof endpoints)[N]['response']>;
export type EndpointBody<N extends EndpointName> = (typeof endpoints)[N]['body'] extends z.ZodType
  ? z.input<NonNullable<(typeof endpoints)[N]['body']>>
  : undefined;
