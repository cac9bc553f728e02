// The BFF's stored records as the services see them: plain data, whatever database keeps them.
// The store interfaces (ports.ts) take and give these.
import type {
  AgreementKey,
  Bill,
  BillRefund,
  BillStatus,
  ClaimStep,
  DocumentType,
  FamilyRelationKey,
  InboxMessage,
  Platform,
  RecoveryPurpose,
  RecoveryStep,
  SettlementSplit,
  VoucherEvent,
} from '@ybm/shared';

export type Channel = 'wechat' | 'alipay';

export interface SessionRecord {
  platform: Platform;
  channel: Channel;
  platformUserId: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface Binding {
  channel: Channel;
  platformUserId: string;
  psnNo: string;
  maskedName: string;
  maskedIdNumber: string;
  insutype: '310' | '390';
  regionName: string;
  activatedAt: number;
}

export interface BillDetails {
  institutionName: string;
  deptName?: string;
  doctorName?: string;
  items: Bill['items'];
  totalFen: number;
  preSettled: Bill['preSettled'];
}

export interface BillRecord {
  billId: string;
  psnNo: string;
  appId: string;
  payToken: string;
  status: BillStatus;
  details: BillDetails;
  createdAt: string;
  payingRequestId: string | null;
  orgBizSer: string | null;
  payingSince: number | null;
  result: Bill['result'] | null;
  refunds: BillRefund[];
}

export interface ClaimRecord {
  claimId: string;
  channel: Channel;
  platformUserId: string;
  step: ClaimStep;
  consentVersion: string;
  name: string | null;
  docType: DocumentType | null;
  docNumber: string | null;
  birthDate: string | null;
  psnNo: string | null;
  activationId: string | null;
  phone: string | null;
  maskedName: string | null;
  syncAvailable: boolean;
  smsCodeHash: string | null;
  smsSentAt: number | null;
  smsExpiresAt: number | null;
  smsAttempts: number;
  faceId: string | null;
  faceAttempts: number;
  createdAt: number;
  expiresAt: number;
}

export interface StoredConsent {
  channel: Channel;
  platformUserId: string;
  claimId: string;
  document: AgreementKey;
  version: string;
  agreedAt: number;
  psnNo: string | null;
  boundAt: number | null;
}

export interface InboundEvent {
  eventId: string;
  type: string;
  appId: string;
  occurredAt: string;
  payload: unknown;
}

export interface VoucherEventInput {
  psnNo: string;
  code: string;
  kind: VoucherEvent['kind'];
  institutionName?: string;
  settlement?: SettlementSplit;
  at: string;
}

export interface InboxEntry {
  psnNo: string;
  kind: InboxMessage['kind'];
  title: string;
  body: string;
  billId?: string;
  setlId?: string;
  eventId: string;
  createdAt: string;
}

export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'refused' | 'failed' | 'unknown';

export interface Notification {
  id: number;
  billId: string;
  channel: Channel;
  platformUserId: string;
  attempts: number;
}

export type CashProvider = 'wechatpay' | 'alipay';

export type CashOrderStatus = 'placing' | 'open' | 'paid' | 'confirmed' | 'closed' | 'returned';

export interface CashOrder {
  orderId: string;
  billId: string;
  psnNo: string;
  channel: Channel;
  provider: CashProvider;
  payer: string;
  amountFen: number;
  status: CashOrderStatus;
  /** prepay_id (WeChat Pay) or trade_no (Alipay), once placed. */
  platformRef: string | null;
  /** The platform's id of the payment (transaction_id / trade_no), once paid. */
  tradeNo: string | null;
  paidAt: string | null;
  confirmedAt: number | null;
  expiresAt: number;
  checkedAt: number | null;
  createdAt: number;
}

export type CashRefundReason = 'hospital_refund' | 'duplicate_payment' | 'bill_closed';

export type CashRefundStatus = 'pending' | 'processing' | 'done' | 'failed';

export interface CashRefund {
  refundId: string;
  orderId: string;
  billId: string;
  psnNo: string;
  amountFen: number;
  reason: CashRefundReason;
  eventId: string | null;
  status: CashRefundStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
}

export type AuditAction =
  | 'face.check'
  | 'voucher.activate'
  | 'voucher.unbind'
  | 'consent.withdraw'
  | 'password.change'
  | 'password.reset'
  | 'phone.replace'
  | 'code.issue'
  | 'settlement.received'
  | 'settlement.reversed'
  | 'settlement.reinstated'
  | 'refund.received'
  | 'payment.pay'
  | 'payment.cash'
  | 'payment.cash.paid'
  | 'payment.cash.confirmed'
  | 'payment.cash.returned'
  | 'payment.cash.refund'
  | 'family.add'
  | 'family.consent'
  | 'family.remove'
  | 'family.code.issue';

export type AuditDetail = Record<string, string | number | boolean>;

export interface AuditEntry {
  action: AuditAction;
  /** 'ok', or the error code the caller was answered with. */
  outcome: string;
  /** The platform user who acted; absent for what the platform reports (settlements). */
  channel?: Channel;
  platformUserId?: string;
  /** The insured person concerned, once known. */
  psnNo?: string | null;
  detail?: AuditDetail;
}

export interface AuditRow {
  id: number;
  at: number;
  action: AuditAction;
  outcome: string;
  channel: Channel | null;
  platformUserId: string | null;
  psnNo: string | null;
  detail: AuditDetail | null;
}

/** A recovery in progress (store/recoveries.ts): a forgotten password or a stopped phone. */
export interface RecoveryRecord {
  recoveryId: string;
  purpose: RecoveryPurpose;
  channel: Channel;
  platformUserId: string;
  step: RecoveryStep;
  psnNo: string | null;
  /** The claim this recovery lets go on (a reserved phone replaced from the claim). */
  claimId: string | null;
  name: string | null;
  docType: DocumentType | null;
  docNumber: string | null;
  /** Where the SMS goes: the reserved phone (reset) or the new number (replacement). */
  phone: string | null;
  smsCodeHash: string | null;
  smsSentAt: number | null;
  smsExpiresAt: number | null;
  smsAttempts: number;
  faceId: string | null;
  faceAttempts: number;
  /** The face check that passed, which the platform records with the change. */
  faceCheckId: string | null;
  createdAt: number;
  expiresAt: number;
}

/** What withdrawing consent deleted, by kind (store/withdrawal.ts). */
export interface Erased {
  binding: number;
  sessions: number;
  claims: number;
  consents: number;
  preferences: number;
  recoveries: number;
  notifications: number;
  inbox: number;
}

// 亲情账户 (store/family.ts).
export interface FamilyLink {
  memberId: string;
  guardianPerson: string;
  memberPerson: string;
  relation: FamilyRelationKey;
  maskedName: string;
  age: number;
  insutype: '310' | '390' | null;
  regionName: string | null;
  status: 'pending' | 'active';
  maskedPhone: string | null;
  /** A pending member's name and document, for their face check; null once linked. */
  name: string | null;
  docType: DocumentType | null;
  docNumber: string | null;
  faceId: string | null;
  faceAttempts: number;
  faceVerifiedAt: number | null;
  smsCodeHash: string | null;
  smsSentAt: number | null;
  smsExpiresAt: number | null;
  smsAttempts: number;
  smsVerifiedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** What the platform says about a link (written on every list and add). */
export type LinkFacts = Pick<
  FamilyLink,
  | 'guardianPerson'
  | 'memberPerson'
  | 'relation'
  | 'maskedName'
  | 'age'
  | 'insutype'
  | 'regionName'
  | 'status'
  | 'maskedPhone'
>;

export type FamilyProgress = Partial<
  Pick<
    FamilyLink,
    | 'status'
    | 'name'
    | 'docType'
    | 'docNumber'
    | 'faceId'
    | 'faceAttempts'
    | 'faceVerifiedAt'
    | 'smsCodeHash'
    | 'smsSentAt'
    | 'smsExpiresAt'
    | 'smsAttempts'
    | 'smsVerifiedAt'
  >
>;
