// Claims in progress: one row per attempt, moved step by step by the claim service.
// Sensitive fields (name, document, phone) are wiped when the claim ends.
import type { ClaimStep, DocumentType } from '@ybm/shared';

import type { Db } from './db';
import type { Channel } from './sessions';

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

const COLUMNS: Record<keyof ClaimRecord, string> = {
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

const SELECT_LIST = Object.entries(COLUMNS)
  .map(([key, column]) => `${column} AS ${key}`)
  .join(', ');

function fromRow(row: Record<string, unknown>): ClaimRecord {
  return { ...(row as unknown as ClaimRecord), syncAvailable: row.syncAvailable === 1 };
}

export interface ClaimStore {
  insert(claim: ClaimRecord): void;
  get(claimId: string): ClaimRecord | undefined;
  update(claimId: string, changes: Partial<Omit<ClaimRecord, 'claimId'>>): void;
  /** SMS sent to a phone since a time (for the daily cap), and the log of one more. */
  smsCountSince(phone: string, since: number): number;
  logSms(phone: string, at: number): void;
}

export function createClaimStore(db: Db): ClaimStore {
  const select = db.prepare<[string], Record<string, unknown>>(
    `SELECT ${SELECT_LIST} FROM claims WHERE claim_id = ?`,
  );
  const countSms = db.prepare<[string, number], number>(
    'SELECT count(*) FROM sms_log WHERE phone = ? AND sent_at >= ?',
  );
  const logSms = db.prepare('INSERT INTO sms_log (phone, sent_at) VALUES (?, ?)');
  const toDb = (value: unknown) => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

  return {
    insert(claim) {
      const keys = Object.keys(COLUMNS) as (keyof ClaimRecord)[];
      db.prepare(
        `INSERT INTO claims (${keys.map((key) => COLUMNS[key]).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
      ).run(...keys.map((key) => toDb(claim[key])));
    },
    get(claimId) {
      const row = select.get(claimId);
      return row ? fromRow(row) : undefined;
    },
    update(claimId, changes) {
      const keys = Object.keys(changes) as (keyof typeof changes)[];
      if (keys.length === 0) return;
      db.prepare(
        `UPDATE claims SET ${keys.map((key) => `${COLUMNS[key]} = ?`).join(', ')} WHERE claim_id = ?`,
      ).run(...keys.map((key) => toDb(changes[key])), claimId);
    },
    smsCountSince: (phone, since) => countSms.pluck().get(phone, since) as number,
    logSms: (phone, at) => void logSms.run(phone, at),
  };
}
