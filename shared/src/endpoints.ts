// The BFF's endpoints as data: method, path, the request body's schema and the schema of a
// successful response. The mini-program's client takes its types from here (a wrong body or
// path parameter is a compile error: tests/miniapp/api-types.ts); the BFF's tests read it too.
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
import { ConsentsSchema, RenewConsentSchema } from './schemas/consent';
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
import {
  CataloguePageSchema,
  EstimateSchema,
  InstitutionSchema,
  InstitutionsPageSchema,
  RegionsSchema,
  RemoteCareFilingSchema,
  RemoteCareListSchema,
  RemoteCareRequestSchema,
} from './schemas/services';
import {
  ChangePasswordSchema,
  PasswordChangedSchema,
  PreferencesSchema,
  RecoveryPasswordSchema,
  RecoveryPhoneSchema,
  RecoveryStartSchema,
  RecoveryStateSchema,
  UnboundSchema,
  WithdrawnSchema,
} from './schemas/settings';
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
  P extends string = string,
> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `:name` segments are path parameters. */
  path: P;
  response: R;
  /** The request body's schema, for endpoints that take one. */
  body: B;
  /** Needs `Authorization: Bearer <session token>`. */
  auth: boolean;
}

function endpoint<P extends string, R extends z.ZodType, B extends z.ZodType | undefined = undefined>(
  method: Endpoint['method'],
  path: P,
  response: R,
  options: { body?: B; auth?: boolean } = {},
): Endpoint<R, B, P> {
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
  /** Agrees to the documents that changed since (GET /me's consentRequired); answers /me again. */
  renewConsent: endpoint('POST', `${API_PREFIX}/me/consents`, MeSchema, {
    ...authed,
    body: RenewConsentSchema,
  }),

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
  record: endpoint('GET', `${API_PREFIX}/records/:recordId`, RecordSchema, authed),

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

  /** 定点机构 (query: q, region, kind, ec, lat, lng, page, pageSize); own region by default. */
  institutions: endpoint('GET', `${API_PREFIX}/institutions`, InstitutionsPageSchema, authed),
  institution: endpoint('GET', `${API_PREFIX}/institutions/:code`, InstitutionSchema, authed),
  regions: endpoint('GET', `${API_PREFIX}/regions`, RegionsSchema, authed),
  /** 医保目录 (query: q by name, code or pinyin initials; page, pageSize). */
  catalogue: endpoint('GET', `${API_PREFIX}/catalogue`, CataloguePageSchema, authed),
  /** What this person would pay (query: qty, priceFen?, institution?). */
  estimate: endpoint('GET', `${API_PREFIX}/catalogue/:code/estimate`, EstimateSchema, authed),
  /** 异地就医备案. */
  remoteCareList: endpoint('GET', `${API_PREFIX}/remote-care`, RemoteCareListSchema, authed),
  remoteCareFile: endpoint('POST', `${API_PREFIX}/remote-care`, RemoteCareFilingSchema, {
    ...authed,
    body: RemoteCareRequestSchema,
  }),
  remoteCareCancel: endpoint('DELETE', `${API_PREFIX}/remote-care/:filingId`, RemoteCareFilingSchema, authed),
  readInbox: endpoint('POST', `${API_PREFIX}/inbox/:id/read`, OkSchema, authed),

  // 设置 (issue 24): the password changed or reset, the reserved phone replaced, unbinding,
  // withdrawing consent, preferences.
  changePassword: endpoint('POST', `${API_PREFIX}/settings/password`, PasswordChangedSchema, {
    ...authed,
    body: ChangePasswordSchema,
  }),
  resetStart: endpoint('POST', `${API_PREFIX}/settings/password/reset`, RecoveryStateSchema, {
    ...authed,
    body: RecoveryStartSchema,
  }),
  resetGet: endpoint('GET', `${API_PREFIX}/settings/password/reset/:recoveryId`, RecoveryStateSchema, authed),
  resetSmsSend: endpoint(
    'POST',
    `${API_PREFIX}/settings/password/reset/:recoveryId/sms`,
    RecoveryStateSchema,
    authed,
  ),
  resetSmsVerify: endpoint(
    'POST',
    `${API_PREFIX}/settings/password/reset/:recoveryId/sms/verify`,
    RecoveryStateSchema,
    { ...authed, body: ClaimSmsVerifySchema },
  ),
  resetFaceStart: endpoint(
    'POST',
    `${API_PREFIX}/settings/password/reset/:recoveryId/face`,
    FaceStartSchema,
    authed,
  ),
  resetFaceComplete: endpoint(
    'POST',
    `${API_PREFIX}/settings/password/reset/:recoveryId/face/complete`,
    RecoveryStateSchema,
    authed,
  ),
  resetPassword: endpoint(
    'POST',
    `${API_PREFIX}/settings/password/reset/:recoveryId/password`,
    RecoveryStateSchema,
    { ...authed, body: RecoveryPasswordSchema },
  ),
  phoneStart: endpoint('POST', `${API_PREFIX}/settings/phone`, RecoveryStateSchema, {
    ...authed,
    body: RecoveryStartSchema,
  }),
  phoneGet: endpoint('GET', `${API_PREFIX}/settings/phone/:recoveryId`, RecoveryStateSchema, authed),
  phoneFaceStart: endpoint('POST', `${API_PREFIX}/settings/phone/:recoveryId/face`, FaceStartSchema, authed),
  phoneFaceComplete: endpoint(
    'POST',
    `${API_PREFIX}/settings/phone/:recoveryId/face/complete`,
    RecoveryStateSchema,
    authed,
  ),
  phoneNumber: endpoint('POST', `${API_PREFIX}/settings/phone/:recoveryId/phone`, RecoveryStateSchema, {
    ...authed,
    body: RecoveryPhoneSchema,
  }),
  phoneSmsSend: endpoint('POST', `${API_PREFIX}/settings/phone/:recoveryId/sms`, RecoveryStateSchema, authed),
  phoneSmsVerify: endpoint(
    'POST',
    `${API_PREFIX}/settings/phone/:recoveryId/sms/verify`,
    RecoveryStateSchema,
    { ...authed, body: ClaimSmsVerifySchema },
  ),
  unbind: endpoint('DELETE', `${API_PREFIX}/settings/binding`, UnboundSchema, authed),
  withdrawConsent: endpoint('POST', `${API_PREFIX}/settings/consent/withdraw`, WithdrawnSchema, authed),
  savePreferences: endpoint('PUT', `${API_PREFIX}/settings/preferences`, PreferencesSchema, {
    ...authed,
    body: PreferencesSchema,
  }),
} as const;

export type EndpointName = keyof typeof endpoints;
/** What a successful call answers, as parsed by the endpoint's response schema. */
export type EndpointResponse<N extends EndpointName> = z.infer<(typeof endpoints)[N]['response']>;
/** What the caller sends (the schema's input: before defaults and transforms); `undefined` if none. */
export type EndpointBody<N extends EndpointName> = (typeof endpoints)[N]['body'] extends z.ZodType
  ? z.input<NonNullable<(typeof endpoints)[N]['body']>>
  : undefined;

/** The names of a path's `:name` segments: '/bills/:billId/cash' → 'billId'. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;
/** The path parameters an endpoint needs, each a string; `undefined` if its path has none. */
export type EndpointParams<N extends EndpointName> = [PathParamNames<(typeof endpoints)[N]['path']>] extends [
  never,
]
  ? undefined
  : Record<PathParamNames<(typeof endpoints)[N]['path']>, string>;
