// How a stored record lies in its table, for both engines (SQLite in store/, PostgreSQL in
// store/pg/): which column holds which field, the values an INSERT writes, and how a row read
// back becomes what the ports give. Kept in one place so the two engines cannot drift apart;
// the SQL around them stays with each engine (the dialects differ).
import type { InboxMessage, SettlementSplit, VoucherEvent } from '@ybm/shared';

import type {
  AuditDetail,
  AuditEntry,
  AuditRow,
  ClaimRecord,
  FamilyLink,
  InboundEvent,
  InboxEntry,
  RecoveryRecord,
  VoucherEventInput,
} from './records';

/** A record's fields and the columns that hold them, in the table's order. */
export type Columns<R> = Record<keyof R, string>;

/** `column AS "field", …`: the select list that reads a row back as its record. */
export const selectList = <R>(columns: Columns<R>): string =>
  Object.entries(columns)
    .map(([key, column]) => `${column as string} AS "${key}"`)
    .join(', ');

export const FAMILY_COLUMNS: Columns<FamilyLink> = {
  memberId: 'member_id',
  guardianPerson: 'guardian_psn_no',
  memberPerson: 'member_psn_no',
  relation: 'relation',
  maskedName: 'masked_name',
  age: 'age',
  insutype: 'insutype',
  regionName: 'region_name',
  status: 'status',
  maskedPhone: 'masked_phone',
  name: 'name',
  docType: 'doc_type',
  docNumber: 'doc_number',
  faceId: 'face_id',
  faceAttempts: 'face_attempts',
  faceVerifiedAt: 'face_verified_at',
  smsCodeHash: 'sms_code_hash',
  smsSentAt: 'sms_sent_at',
  smsExpiresAt: 'sms_expires_at',
  smsAttempts: 'sms_attempts',
  smsVerifiedAt: 'sms_verified_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export const CLAIM_COLUMNS: Columns<ClaimRecord> = {
  claimId: 'claim_id',
  channel: 'channel',
  platformUserId: 'platform_user_id',
  step: 'step',
  consentVersion: 'consent_version',
  name: 'name',
  docType: 'doc_type',
  docNumber: 'doc_number',
  birthDate: 'birth_date',
  psnNo: 'psn_no',
  activationId: 'activation_id',
  phone: 'phone',
  maskedName: 'masked_name',
  syncAvailable: 'sync_available',
  smsCodeHash: 'sms_code_hash',
  smsSentAt: 'sms_sent_at',
  smsExpiresAt: 'sms_expires_at',
  smsAttempts: 'sms_attempts',
  faceId: 'face_id',
  faceAttempts: 'face_attempts',
  createdAt: 'created_at',
  expiresAt: 'expires_at',
};

export const RECOVERY_COLUMNS: Columns<RecoveryRecord> = {
  recoveryId: 'recovery_id',
  purpose: 'purpose',
  channel: 'channel',
  platformUserId: 'platform_user_id',
  step: 'step',
  psnNo: 'psn_no',
  claimId: 'claim_id',
  name: 'name',
  docType: 'doc_type',
  docNumber: 'doc_number',
  phone: 'phone',
  smsCodeHash: 'sms_code_hash',
  smsSentAt: 'sms_sent_at',
  smsExpiresAt: 'sms_expires_at',
  smsAttempts: 'sms_attempts',
  faceId: 'face_id',
  faceAttempts: 'face_attempts',
  faceCheckId: 'face_check_id',
  createdAt: 'created_at',
  expiresAt: 'expires_at',
};

/** An inbox row as INBOX_SELECT reads it. */
export interface InboxRow {
  id: number;
  kind: InboxMessage['kind'];
  title: string;
  body: string;
  billId: string | null;
  setlId: string | null;
  createdAt: string;
  readAt: number | null;
}

export const INBOX_SELECT = `id, kind, title, body, bill_id AS "billId", setl_id AS "setlId",
  created_at AS "createdAt", read_at AS "readAt"`;

/** The values of an inbox INSERT: psn_no, kind, title, body, bill_id, setl_id, event_id, created_at. */
export const inboxValues = (entry: InboxEntry) => [
  entry.psnNo,
  entry.kind,
  entry.title,
  entry.body,
  entry.billId ?? null,
  entry.setlId ?? null,
  entry.eventId,
  entry.createdAt,
];

/**
 * One page of the inbox from `rows` read newest first with one row more than `limit`: that
 * extra row only says another page follows.
 */
export function inboxPage(rows: readonly InboxRow[], limit: number) {
  const messages: InboxMessage[] = rows.slice(0, limit).map((row) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    ...(row.billId ? { billId: row.billId } : {}),
    ...(row.setlId ? { setlId: row.setlId } : {}),
    createdAt: row.createdAt,
    read: row.readAt !== null,
  }));
  const last = messages.at(-1);
  return { messages, ...(rows.length > limit && last ? { nextBefore: last.id } : {}) };
}

/** A voucher event row as VOUCHER_EVENT_SELECT reads it. */
export interface VoucherEventRow {
  id: number;
  kind: VoucherEvent['kind'];
  code: string;
  at: string;
  institutionName: string | null;
  settlementJson: string | null;
}

export const VOUCHER_EVENT_SELECT =
  'id, kind, code, at, institution_name AS "institutionName", settlement_json AS "settlementJson"';

export const voucherEventOf = (row: VoucherEventRow): VoucherEvent => ({
  id: row.id,
  kind: row.kind,
  code: row.code,
  at: row.at,
  ...(row.institutionName ? { institutionName: row.institutionName } : {}),
  ...(row.settlementJson ? { settlement: JSON.parse(row.settlementJson) as SettlementSplit } : {}),
});

/** The values of an inbound_events INSERT: event_id, type, app_id, payload_json, occurred_at, received_at. */
export const inboundEventValues = (event: InboundEvent, receivedAt: number) => [
  event.eventId,
  event.type,
  event.appId,
  JSON.stringify(event.payload),
  event.occurredAt,
  receivedAt,
];

/** The values of a voucher_events INSERT: psn_no, code, kind, institution_name, settlement_json, at, event_id. */
export const voucherEventValues = (voucher: VoucherEventInput, eventId: string) => [
  voucher.psnNo,
  voucher.code,
  voucher.kind,
  voucher.institutionName ?? null,
  voucher.settlement ? JSON.stringify(voucher.settlement) : null,
  voucher.at,
  eventId,
];

/** An audit_log row's values: at, action, outcome, channel, platform_user_id, psn_no, detail. */
export type AuditValues = [
  number,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
];

export const auditValues = (entry: AuditEntry, at: number): AuditValues => [
  at,
  entry.action,
  entry.outcome,
  entry.channel ?? null,
  entry.platformUserId ?? null,
  entry.psnNo ?? null,
  entry.detail ? JSON.stringify(entry.detail) : null,
];

export const AUDIT_SELECT =
  'id, at, action, outcome, channel, platform_user_id AS "platformUserId", psn_no AS "psnNo", detail';

/** An audit row as AUDIT_SELECT reads it: the detail still JSON. */
export type StoredAuditRow = Omit<AuditRow, 'detail'> & { detail: string | null };

export const auditRowOf = (row: StoredAuditRow): AuditRow => ({
  ...row,
  detail: row.detail === null ? null : (JSON.parse(row.detail) as AuditDetail),
});
