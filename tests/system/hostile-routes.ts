// One entry per route of the BFF for tests/system/hostile-input.test.ts: a valid request to
// it (the seed every hostile variant is made from), the session it runs as, and what a
// request the route's schemas accept must get. The test reads the routes off the app's
// routers (tests/support/routes.ts): a route without an entry here fails it.
//
// To cover a new route, add `'METHOD /api/v1/path/:param': { … }` with a request that passes
// the route's validate() and the answer it gets; `mayAlsoGet` lists the other answers a
// still-valid variant may rightly get (another bill id: BILL_NOT_FOUND), each for a reason
// you can say. The response schema comes from shared/src/endpoints.ts, or `response` here.
import type { ErrorCode } from '@ybm/shared';
import { CONSENT_VERSION } from '@ybm/shared';
import { z } from 'zod';

/** Values known once the system runs (a `$name` string in params or body stands for one). */
export type RouteValues = Record<'billId' | 'claimId' | 'wrongPassword', string>;

export type Answer = 'ok' | ErrorCode;

export interface RouteCases {
  /**
   * The session it runs as: the activated person, someone mid-claim, or a new session for
   * each request (a route that ends the session it is called with).
   */
  auth?: 'person' | 'claimer' | 'fresh';
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** Query parameters never left out (a long-poll without `wait` rightly waits 25 s). */
  required?: string[];
  body?: Record<string, unknown>;
  /** What the request as written gets: `ok` (2xx, in the response schema) or its refusal. */
  answer: Answer;
  /** Other answers a variant the schemas accept may rightly get. */
  mayAlsoGet?: Answer[];
  /** Tables a refusal of a valid request rightly adds a row to (besides the audit trail). */
  records?: string[];
  /** The response schema, when shared/src/endpoints.ts has none for the route. */
  response?: z.ZodType;
}

/** 王五: a well-formed resident ID (GB 11643 checksum) of no one the platform knows. */
/** A well-formed recovery id nobody started. */
const UNKNOWN_RECOVERY = 'RCV000000000000000000000000';

const UNKNOWN_PERSON = { name: '王五', docType: 'resident_id', docNumber: '110101199003074530' };

/** A well-formed memberId (22 url-safe characters) that no BFF made. */
const NO_MEMBER = 'AAAAAAAAAAAAAAAAAAAAAA';
/** A well-formed record id (URL-safe, 40–200 characters) that no BFF sealed. */
const NO_RECORD = 'A'.repeat(64);

export const WEBHOOK_ROUTE = 'POST /webhooks/insurance';
/** The payment platforms' notifications (signed in their own ways): a test of their own too. */
export const CASH_WEBHOOK_ROUTES = ['POST /webhooks/wechatpay', 'POST /webhooks/alipay'];

/** Keyed `METHOD /path` as registered. The webhooks have tests of their own (signed deliveries). */
export const ROUTE_CASES: Record<string, RouteCases> = {
  'GET /healthz': { answer: 'ok' },
  'GET /readyz': { answer: 'ok' },
  'GET /api/v1/meta': { answer: 'ok' },

  'POST /api/v1/session': {
    body: { platform: 'weapp', code: 'not-a-wechat-code' },
    // The fake WeChat knows no such code (40029).
    answer: 'PLATFORM_LOGIN_FAILED',
  },
  // Each request signs out a session of its own.
  'DELETE /api/v1/session': { auth: 'fresh', answer: 'ok' },
  'GET /api/v1/me': { auth: 'person', answer: 'ok' },
  'GET /api/v1/me/consents': { auth: 'person', answer: 'ok' },
  // Another version string than the one in force: refused, never recorded for unseen text.
  'POST /api/v1/me/consents': {
    auth: 'person',
    body: { version: CONSENT_VERSION },
    answer: 'ok',
    mayAlsoGet: ['CONSENT_VERSION_OUTDATED'],
  },

  'GET /api/v1/claim/password-key': { auth: 'claimer', answer: 'ok' },
  // Starts another claim each time.
  'POST /api/v1/claim': {
    auth: 'claimer',
    body: { agreeTerms: true, agreeSensitive: true, version: CONSENT_VERSION },
    answer: 'ok',
  },
  'GET /api/v1/claim/:claimId': { auth: 'claimer', params: { claimId: '$claimId' }, answer: 'ok' },
  // The claim stays at its identity step: the platform finds no such person.
  'POST /api/v1/claim/:claimId/identity': {
    auth: 'claimer',
    params: { claimId: '$claimId' },
    body: UNKNOWN_PERSON,
    answer: 'PERSON_NOT_FOUND',
    // Another document number of the right length that fails the checksum.
    mayAlsoGet: ['DOCUMENT_INVALID'],
  },
  // The later steps, on a claim still at its identity step.
  'POST /api/v1/claim/:claimId/sms': {
    auth: 'claimer',
    params: { claimId: '$claimId' },
    answer: 'CLAIM_STEP_OUT_OF_ORDER',
  },
  'POST /api/v1/claim/:claimId/sms/verify': {
    auth: 'claimer',
    params: { claimId: '$claimId' },
    body: { smsCode: '123456' },
    answer: 'CLAIM_STEP_OUT_OF_ORDER',
  },
  'POST /api/v1/claim/:claimId/face': {
    auth: 'claimer',
    params: { claimId: '$claimId' },
    answer: 'CLAIM_STEP_OUT_OF_ORDER',
  },
  'POST /api/v1/claim/:claimId/face/complete': {
    auth: 'claimer',
    params: { claimId: '$claimId' },
    answer: 'CLAIM_STEP_OUT_OF_ORDER',
  },
  'POST /api/v1/claim/:claimId/password': {
    auth: 'claimer',
    params: { claimId: '$claimId' },
    body: { passwordCipher: '$wrongPassword' },
    answer: 'CLAIM_STEP_OUT_OF_ORDER',
  },
  'POST /api/v1/claim/:claimId/sync': {
    auth: 'claimer',
    params: { claimId: '$claimId' },
    body: { passwordCipher: '$wrongPassword' },
    answer: 'CLAIM_STEP_OUT_OF_ORDER',
  },

  'GET /api/v1/voucher/code': { auth: 'person', answer: 'ok' },
  'GET /api/v1/voucher/events': {
    auth: 'person',
    query: { cursor: '0', wait: '0' },
    required: ['wait'],
    answer: 'ok',
  },
  // A well-formed position this BFF never sealed; without `before`, the first page.
  'GET /api/v1/records': {
    auth: 'person',
    query: { limit: '5', before: NO_RECORD },
    answer: 'PAGE_CURSOR_INVALID',
    // A variant naming a member (someone else's, or made up) is no member of the person's.
    mayAlsoGet: ['ok', 'FAMILY_MEMBER_NOT_FOUND'],
  },
  // No such record of this person's: a well-formed id this BFF never sealed.
  'GET /api/v1/records/:recordId': {
    auth: 'person',
    params: { recordId: NO_RECORD },
    answer: 'RECORD_NOT_FOUND',
    mayAlsoGet: ['FAMILY_MEMBER_NOT_FOUND'],
  },
  'GET /api/v1/inbox': { auth: 'person', query: { limit: '5', before: '10' }, answer: 'ok' },
  // The person's one message (the bill's notice).
  'POST /api/v1/inbox/:id/read': {
    auth: 'person',
    params: { id: '1' },
    answer: 'ok',
    mayAlsoGet: ['NOT_FOUND'],
  },

  'GET /api/v1/bills/:billId': {
    auth: 'person',
    params: { billId: '$billId' },
    answer: 'ok',
    mayAlsoGet: ['BILL_NOT_FOUND'],
  },
  // The bill is unpaid: there is no cash part to pay yet, so no order is placed.
  'POST /api/v1/bills/:billId/cash': {
    auth: 'person',
    params: { billId: '$billId' },
    body: { cashier: 'dev' },
    answer: 'BILL_NOT_AWAITING_CASH',
    mayAlsoGet: ['BILL_NOT_FOUND'],
  },
  // No order yet: the cash part is unpaid (asking no platform).
  'GET /api/v1/bills/:billId/cash': {
    auth: 'person',
    params: { billId: '$billId' },
    answer: 'ok',
    mayAlsoGet: ['BILL_NOT_FOUND'],
  },
  // A well-made cipher of a wrong password: a request that passes validation pays nothing.
  'POST /api/v1/bills/:billId/pay': {
    auth: 'person',
    params: { billId: '$billId' },
    body: { useAccount: true, passwordCipher: '$wrongPassword', requestId: 'hostile-request-0001' },
    answer: 'PASSWORD_WRONG',
    // Wrong tries add up to the lock; another bill id is no bill of the person's.
    mayAlsoGet: ['PASSWORD_LOCKED', 'BILL_NOT_FOUND'],
    // A refusal is the request id's answer, kept so that a retry gets the same.
    records: ['pay_requests'],
  },

  // 定点机构 (issue 23): the person's own region by default; another region the platform lacks.
  'GET /api/v1/institutions': {
    auth: 'person',
    query: {
      q: '药房',
      region: '231200',
      kind: 'pharmacy',
      ec: '1',
      lat: '46.64',
      lng: '126.98',
      pageSize: '5',
    },
    answer: 'ok',
    mayAlsoGet: ['REGION_NOT_FOUND'],
  },
  'GET /api/v1/institutions/:code': {
    auth: 'person',
    params: { code: '231200P00001' },
    answer: 'ok',
    mayAlsoGet: ['INSTITUTION_NOT_FOUND'],
  },
  'GET /api/v1/regions': { auth: 'person', answer: 'ok' },
  'GET /api/v1/catalogue': {
    auth: 'person',
    query: { q: '阿莫西林', page: '1', pageSize: '5' },
    answer: 'ok',
  },
  // Another code or institution of the right shape is none the platform knows.
  'GET /api/v1/catalogue/:code/estimate': {
    auth: 'person',
    params: { code: 'XJ01CA040001' },
    query: { qty: '2', priceFen: '1250', institution: '231200P00001' },
    answer: 'ok',
    mayAlsoGet: ['CATALOGUE_ITEM_NOT_FOUND', 'INSTITUTION_NOT_FOUND'],
  },
  'GET /api/v1/remote-care': { auth: 'person', answer: 'ok' },
  // Files once; every later variant overlaps it, or names a region or hospital the platform lacks.
  'POST /api/v1/remote-care': {
    auth: 'person',
    body: { careRegionCode: '610100', reason: 'temporary', beginDate: '2030-01-01', endDate: '2030-01-31' },
    answer: 'ok',
    mayAlsoGet: [
      'REMOTE_CARE_OVERLAP',
      'REGION_NOT_FOUND',
      'REMOTE_CARE_SAME_REGION',
      'INSTITUTION_NOT_FOUND',
      'REMOTE_CARE_DATES_INVALID',
    ],
  },
  'DELETE /api/v1/remote-care/:filingId': {
    auth: 'person',
    params: { filingId: 'RC00000000' },
    answer: 'REMOTE_CARE_NOT_FOUND',
  },
  'GET /api/v1/account': { auth: 'person', answer: 'ok' },
  'GET /api/v1/family': { auth: 'person', answer: 'ok' },
  // Nobody the platform insures: each refusal of an add is its own code.
  'POST /api/v1/family/members': {
    auth: 'person',
    body: { ...UNKNOWN_PERSON, relation: 'parent', guardianAttestation: true },
    answer: 'FAMILY_MEMBER_NOT_INSURED',
    mayAlsoGet: ['DOCUMENT_INVALID', 'NAME_MISMATCH'],
  },
  // A well-formed memberId of no member of the person's: 404, whatever the route.
  ...Object.fromEntries(
    [
      'DELETE /api/v1/family/members/:memberId',
      'GET /api/v1/family/members/:memberId/consent',
      'POST /api/v1/family/members/:memberId/consent/face',
      'POST /api/v1/family/members/:memberId/consent/face/complete',
      'POST /api/v1/family/members/:memberId/consent/sms',
      'GET /api/v1/family/members/:memberId/code',
    ].map((route) => [
      route,
      { auth: 'person', params: { memberId: NO_MEMBER }, answer: 'FAMILY_MEMBER_NOT_FOUND' } as RouteCases,
    ]),
  ),
  'POST /api/v1/family/members/:memberId/consent/sms/verify': {
    auth: 'person',
    params: { memberId: NO_MEMBER },
    body: { smsCode: '123456' },
    answer: 'FAMILY_MEMBER_NOT_FOUND',
  },
  'GET /api/v1/family/members/:memberId/events': {
    auth: 'person',
    params: { memberId: NO_MEMBER },
    query: { cursor: '0', wait: '0' },
    required: ['wait'],
    answer: 'FAMILY_MEMBER_NOT_FOUND',
  },

  'GET /api/v1/dev/personas': { answer: 'ok' },
  'POST /api/v1/dev/login-code': { body: { persona: 'employee' }, answer: 'ok' },
  // The fake WeChat has no face check with that id.
  'POST /api/v1/dev/face': { body: { verifyId: 'verify-1', result: 'pass' }, answer: 'NOT_FOUND' },
  // The H5 cashier sheet's 支付 for an order the person does not have.
  'POST /api/v1/dev/cashier/:orderId': {
    auth: 'person',
    params: { orderId: 'C20260101000000ABCDEFGHIJKLMNOPQ' },
    body: { result: 'pay' },
    answer: 'CASH_ORDER_NOT_FOUND',
  },
  // The claim has no phone yet, so no SMS.
  'GET /api/v1/dev/sms/:claimId': {
    auth: 'claimer',
    params: { claimId: '$claimId' },
    answer: 'CLAIM_NOT_FOUND',
    response: z.object({ text: z.string(), sentAt: z.number() }),
  },
  // 设置 (issue 24). The wrong password is a weak one, refused as a new password before any
  // try is counted; a variant with another cipher may cost a try.
  'POST /api/v1/settings/password': {
    auth: 'person',
    body: { oldPasswordCipher: '$wrongPassword', newPasswordCipher: '$wrongPassword' },
    answer: 'PASSWORD_WEAK',
    mayAlsoGet: ['PASSWORD_LOCKED', 'PASSWORD_WRONG', 'PASSWORD_UNCHANGED'],
  },
  // Someone mid-claim has no voucher whose password or phone could be recovered.
  'POST /api/v1/settings/password/reset': {
    auth: 'claimer',
    body: UNKNOWN_PERSON,
    answer: 'VOUCHER_NOT_ACTIVATED',
    mayAlsoGet: ['DOCUMENT_INVALID'],
  },
  'POST /api/v1/settings/phone': {
    auth: 'claimer',
    body: UNKNOWN_PERSON,
    answer: 'VOUCHER_NOT_ACTIVATED',
    mayAlsoGet: ['DOCUMENT_INVALID'],
  },
  // A well-formed recovery id nobody started: its every step is RECOVERY_NOT_FOUND.
  'GET /api/v1/settings/password/reset/:recoveryId': {
    auth: 'person',
    params: { recoveryId: UNKNOWN_RECOVERY },
    answer: 'RECOVERY_NOT_FOUND',
  },
  'POST /api/v1/settings/password/reset/:recoveryId/sms': {
    auth: 'person',
    params: { recoveryId: UNKNOWN_RECOVERY },
    answer: 'RECOVERY_NOT_FOUND',
  },
  'POST /api/v1/settings/password/reset/:recoveryId/sms/verify': {
    auth: 'person',
    params: { recoveryId: UNKNOWN_RECOVERY },
    body: { smsCode: '123456' },
    answer: 'RECOVERY_NOT_FOUND',
  },
  'POST /api/v1/settings/password/reset/:recoveryId/face': {
    auth: 'person',
    params: { recoveryId: UNKNOWN_RECOVERY },
    answer: 'RECOVERY_NOT_FOUND',
  },
  'POST /api/v1/settings/password/reset/:recoveryId/face/complete': {
    auth: 'person',
    params: { recoveryId: UNKNOWN_RECOVERY },
    answer: 'RECOVERY_NOT_FOUND',
  },
  'GET /api/v1/settings/phone/:recoveryId': {
    auth: 'person',
    params: { recoveryId: UNKNOWN_RECOVERY },
    answer: 'RECOVERY_NOT_FOUND',
  },
  'POST /api/v1/settings/phone/:recoveryId/sms': {
    auth: 'person',
    params: { recoveryId: UNKNOWN_RECOVERY },
    answer: 'RECOVERY_NOT_FOUND',
  },
  'POST /api/v1/settings/phone/:recoveryId/sms/verify': {
    auth: 'person',
    params: { recoveryId: UNKNOWN_RECOVERY },
    body: { smsCode: '123456' },
    answer: 'RECOVERY_NOT_FOUND',
  },
  'POST /api/v1/settings/phone/:recoveryId/face': {
    auth: 'person',
    params: { recoveryId: UNKNOWN_RECOVERY },
    answer: 'RECOVERY_NOT_FOUND',
  },
  'POST /api/v1/settings/phone/:recoveryId/face/complete': {
    auth: 'person',
    params: { recoveryId: UNKNOWN_RECOVERY },
    answer: 'RECOVERY_NOT_FOUND',
  },
  'POST /api/v1/settings/password/reset/:recoveryId/password': {
    auth: 'person',
    params: { recoveryId: UNKNOWN_RECOVERY },
    body: { passwordCipher: '$wrongPassword' },
    answer: 'RECOVERY_NOT_FOUND',
  },
  'POST /api/v1/settings/phone/:recoveryId/phone': {
    auth: 'person',
    params: { recoveryId: UNKNOWN_RECOVERY },
    body: { phone: '13900000000' },
    answer: 'RECOVERY_NOT_FOUND',
  },
  // Each request as a new account with no voucher: nothing to unbind; withdrawing ends its session.
  'DELETE /api/v1/settings/binding': { auth: 'fresh', answer: 'VOUCHER_NOT_ACTIVATED' },
  'POST /api/v1/settings/consent/withdraw': { auth: 'fresh', answer: 'ok' },
  'PUT /api/v1/settings/preferences': { auth: 'claimer', body: { largeText: true }, answer: 'ok' },
};
