// The BFF's own durable state (sessions, claims in progress, bindings of platform users to
// insured persons) in SQLite under .data/bff by default; ':memory:' in tests.
import { openDatabase, type Db, type Migration } from '@ybm/shared/src/node/sqlite';

export type { Db };

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, bindings, claims, sms log',
    up: `
      -- Only the SHA-256 of a token is stored: a copied database holds no usable session.
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        channel TEXT NOT NULL,
        platform_user_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (channel, platform_user_id);

      -- A platform user (openid / Alipay user) who claimed the voucher, with masked display data.
      CREATE TABLE bindings (
        channel TEXT NOT NULL,
        platform_user_id TEXT NOT NULL,
        psn_no TEXT NOT NULL,
        masked_name TEXT NOT NULL,
        masked_id_number TEXT NOT NULL,
        insutype TEXT NOT NULL,
        region_name TEXT NOT NULL,
        activated_at INTEGER NOT NULL,
        PRIMARY KEY (channel, platform_user_id)
      );
      CREATE INDEX bindings_person ON bindings (psn_no);

      -- A claim in progress. Name, document and phone are kept only until it ends.
      CREATE TABLE claims (
        claim_id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        platform_user_id TEXT NOT NULL,
        step TEXT NOT NULL,
        consent_version TEXT NOT NULL,
        name TEXT,
        doc_type TEXT,
        doc_number TEXT,
        birth_date TEXT,
        psn_no TEXT,
        activation_id TEXT,
        phone TEXT,
        masked_name TEXT,
        sync_available INTEGER NOT NULL DEFAULT 0,
        sms_code_hash TEXT,
        sms_sent_at INTEGER,
        sms_expires_at INTEGER,
        sms_attempts INTEGER NOT NULL DEFAULT 0,
        face_id TEXT,
        face_attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX claims_user ON claims (channel, platform_user_id);

      CREATE TABLE sms_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        phone TEXT NOT NULL,
        sent_at INTEGER NOT NULL
      );
      CREATE INDEX sms_log_phone ON sms_log (phone, sent_at);
    `,
  },
  {
    version: 2,
    name: 'inbound platform events and the per-person voucher event stream',
    up: `
      -- Every event the platform pushed, once (event_id): the webhook acknowledges only after
      -- this row is written, and a redelivered event finds it here and is dropped.
      CREATE TABLE inbound_events (
        event_id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        app_id TEXT NOT NULL,
        payload_json TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        received_at INTEGER NOT NULL
      );

      -- What happened to a person's codes, in order: the phone long-polls it by id.
      CREATE TABLE voucher_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        psn_no TEXT NOT NULL,
        code TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('scanned', 'verified', 'settled')),
        institution_name TEXT,
        settlement_json TEXT,
        at TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES inbound_events (event_id)
      );
      CREATE INDEX voucher_events_person ON voucher_events (psn_no, id);
    `,
  },
];

export function openBffDatabase(file: string): Db {
  return openDatabase(file, MIGRATIONS);
}
