// The BFF's own durable state (sessions, claims in progress, bindings of platform users to
// insured persons, consents, events, bills, cash orders, the audit trail) in SQLite under
// .data/bff by default; ':memory:' in tests.
import { openDatabase, rebuildTable, type Db, type Migration } from '@ybm/shared/node';

export type { Db };

/**
 * What a claim holds about the person, cleared when it ends: the name, document number,
 * birth date and phone in clear, the masked name (the binding keeps its own copy), the SMS
 * code's hash (six digits: a hash of it is as good as the code) and the face check's ticket.
 * Kept: ids (platform user, insured person's number, activation) and the step and times, as
 * the audit trail keeps them, so an ended claim can still be traced without saying who it was.
 */
export const PURGE_CLAIM = `name = NULL, doc_number = NULL, birth_date = NULL, phone = NULL,
  masked_name = NULL, sms_code_hash = NULL, face_id = NULL`;

export const MIGRATIONS: readonly Migration[] = [
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
  {
    version: 3,
    name: 'bills, payment requests, notification outbox, inbox',
    up: `
      -- A bill pushed by a hospital (bill.created), and its payment state. paying_request_id
      -- and org_biz_ser are written before 6202 is sent, so a restart can ask 6301 about it.
      CREATE TABLE bills (
        bill_id TEXT PRIMARY KEY,
        psn_no TEXT NOT NULL,
        app_id TEXT NOT NULL,
        pay_token TEXT NOT NULL,
        status TEXT NOT NULL,
        details_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        paying_request_id TEXT,
        org_biz_ser TEXT,
        paying_since INTEGER,
        result_json TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX bills_person ON bills (psn_no, created_at);
      CREATE INDEX bills_paying ON bills (status, paying_since);

      -- The phone's idempotency keys: a retried pay returns the stored outcome.
      CREATE TABLE pay_requests (
        request_id TEXT PRIMARY KEY,
        bill_id TEXT NOT NULL REFERENCES bills (bill_id),
        outcome_json TEXT,
        created_at INTEGER NOT NULL
      );

      -- One push per bill and recipient. 'sending' is written before the send: after a crash
      -- such a row becomes 'unknown' and is not sent again (the inbox has the bill anyway).
      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        bill_id TEXT NOT NULL REFERENCES bills (bill_id),
        channel TEXT NOT NULL,
        platform_user_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'refused', 'failed', 'unknown')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        sent_at INTEGER,
        created_at INTEGER NOT NULL,
        UNIQUE (bill_id, channel, platform_user_id)
      );
      CREATE INDEX notifications_due ON notifications (status, next_attempt_at);

      CREATE TABLE inbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        psn_no TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('bill', 'settlement', 'refund')),
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        bill_id TEXT,
        setl_id TEXT,
        event_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        read_at INTEGER,
        UNIQUE (event_id, psn_no)
      );
      CREATE INDEX inbox_person ON inbox (psn_no, id);
      CREATE INDEX inbox_unread ON inbox (psn_no, read_at);
    `,
  },
  {
    version: 4,
    name: 'audit trail',
    up: `
      -- Append-only (DESIGN.md §4): activation, face checks, codes, settlements, payments.
      -- Who (platform user, insured person's number), what, when and the outcome: 'ok' or
      -- the error code the user was answered with. Never a name, document number, phone,
      -- password or code: detail holds identifiers and amounts only.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        action TEXT NOT NULL,
        outcome TEXT NOT NULL,
        channel TEXT,
        platform_user_id TEXT,
        psn_no TEXT,
        detail TEXT
      );
      CREATE INDEX audit_log_person ON audit_log (psn_no, at);
      CREATE INDEX audit_log_time ON audit_log (at);
    `,
  },
  {
    version: 5,
    name: 'personal data only while a claim needs it; phones in the SMS log as keyed hashes',
    up: (db) => {
      // What this drops and purges is overwritten with zeros in the file, not only unlinked:
      // ON, unlike FAST (openBffDatabase, later), also zeroes the dropped table's pages.
      db.pragma('secure_delete = ON');
      db.exec(`
        -- When a claim's personal fields were purged (it completed or expired). A live claim
        -- has NULL; the sweep finds expired live claims through the partial index.
        ALTER TABLE claims ADD COLUMN purged_at INTEGER;
        CREATE INDEX claims_live ON claims (expires_at) WHERE purged_at IS NULL;

        -- The SMS log counts sends per phone for the daily cap: it keeps an HMAC of the phone
        -- under PHONE_HASH_KEY, never the phone. The rows written so far hold phones in clear
        -- and cannot be hashed here (the key is configuration, not schema); they count only
        -- for 24 h, so they are dropped: on the day of the upgrade a phone may get up to one
        -- day's cap more codes, still 60 s apart.
        DROP TABLE sms_log;
        CREATE TABLE sms_log (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          phone_hash TEXT NOT NULL,
          sent_at INTEGER NOT NULL
        );
        CREATE INDEX sms_log_phone ON sms_log (phone_hash, sent_at);
        CREATE INDEX sms_log_time ON sms_log (sent_at);

        -- Sessions past their 24 h lifetime are deleted by the same sweep.
        CREATE INDEX sessions_age ON sessions (created_at);
      `);
      // Claims that already ended keep no personal data either (the wall clock: this runs once,
      // before any service and its injected clock exist).
      db.prepare(
        `UPDATE claims SET ${PURGE_CLAIM}, purged_at = :now WHERE step = 'done' OR expires_at < :now`,
      ).run({ now: Date.now() });
    },
  },
  {
    version: 6,
    name: 'reversals in the voucher event stream and the inbox; refunds on bills',
    up: (db) => {
      // A settlement taken back at the counter (2103/2208/2601), or put back by a correction:
      // new kinds, and a CHECK constraint SQLite can only change by rebuilding the table.
      rebuildTable(db, {
        table: 'voucher_events',
        create: (name) => `
          CREATE TABLE ${name} (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            psn_no TEXT NOT NULL,
            code TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('scanned', 'verified', 'settled', 'reversed', 'reinstated')),
            institution_name TEXT,
            settlement_json TEXT,
            at TEXT NOT NULL,
            event_id TEXT NOT NULL REFERENCES inbound_events (event_id)
          )`,
        indexes: ['CREATE INDEX voucher_events_person ON voucher_events (psn_no, id)'],
      });
      rebuildTable(db, {
        table: 'inbox',
        create: (name) => `
          CREATE TABLE ${name} (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            psn_no TEXT NOT NULL,
            kind TEXT NOT NULL
              CHECK (kind IN ('bill', 'settlement', 'refund', 'reversal', 'reinstatement')),
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            bill_id TEXT,
            setl_id TEXT,
            event_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            read_at INTEGER,
            UNIQUE (event_id, psn_no)
          )`,
        indexes: [
          'CREATE INDEX inbox_person ON inbox (psn_no, id)',
          'CREATE INDEX inbox_unread ON inbox (psn_no, read_at)',
        ],
      });
      // Each refund of a bill as the platform reported it: [{at, fundFen, accountFen, cashFen}].
      db.exec("ALTER TABLE bills ADD COLUMN refunds_json TEXT NOT NULL DEFAULT '[]'");
    },
  },
  {
    version: 7,
    name: 'consents: which documents, at which version, when, on which platform account',
    up: `
      -- What a platform user agreed to, one row per document (PIPL: a consent must be provable,
      -- the sensitive-information one separately). Written when a claim's consent step is
      -- accepted; psn_no and bound_at tie it to the binding once that claim activates. Identifiers
      -- only: never a name, document number or phone. Kept as the record of what was agreed.
      CREATE TABLE consents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        channel TEXT NOT NULL,
        platform_user_id TEXT NOT NULL,
        claim_id TEXT NOT NULL,
        document TEXT NOT NULL,
        version TEXT NOT NULL,
        agreed_at INTEGER NOT NULL,
        psn_no TEXT,
        bound_at INTEGER,
        UNIQUE (claim_id, document)
      );
      CREATE INDEX consents_user ON consents (channel, platform_user_id, agreed_at);
    `,
  },
  {
    version: 8,
    name: 'the cash part of bills paid through WeChat Pay or Alipay: orders, notifications, refunds',
    up: `
      -- An order for a bill's cash part at the person's payment platform; order_id is our
      -- out_trade_no there. Written ('placing') before the platform is asked, so a crash leaves
      -- a row to settle by a query. 'paid' is the platform's signed word (notification or query)
      -- stored before the insurance platform is told (cashier.confirm); 'confirmed' once it was.
      -- 'closed' never took money; 'returned' took money that could not count (a second order
      -- paid for the same bill, or a bill the platform would no longer take) and is refunded.
      CREATE TABLE cash_orders (
        order_id TEXT PRIMARY KEY,
        bill_id TEXT NOT NULL REFERENCES bills (bill_id),
        psn_no TEXT NOT NULL,
        channel TEXT NOT NULL,
        provider TEXT NOT NULL CHECK (provider IN ('wechatpay', 'alipay')),
        payer TEXT NOT NULL,
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        status TEXT NOT NULL
          CHECK (status IN ('placing', 'open', 'paid', 'confirmed', 'closed', 'returned')),
        platform_ref TEXT,
        trade_no TEXT,
        paid_at TEXT,
        confirmed_at INTEGER,
        expires_at INTEGER NOT NULL,
        checked_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- At most one order per bill that may still take (or has taken) its cash.
      CREATE UNIQUE INDEX cash_orders_live ON cash_orders (bill_id)
        WHERE status IN ('placing', 'open', 'paid', 'confirmed');
      CREATE INDEX cash_orders_due ON cash_orders (status, checked_at);

      -- Each payment notification accepted, once: a redelivery finds its row and changes nothing.
      CREATE TABLE cash_notifications (
        provider TEXT NOT NULL,
        notification_id TEXT NOT NULL,
        order_id TEXT NOT NULL REFERENCES cash_orders (order_id),
        outcome TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (provider, notification_id)
      );

      -- Cash going back through the platform it was paid on; refund_id is our out_refund_no
      -- (WeChat Pay) / out_request_no (Alipay), so a retried refund is the same refund.
      CREATE TABLE cash_refunds (
        refund_id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL REFERENCES cash_orders (order_id),
        bill_id TEXT NOT NULL,
        psn_no TEXT NOT NULL,
        amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
        reason TEXT NOT NULL CHECK (reason IN ('hospital_refund', 'duplicate_payment', 'bill_closed')),
        event_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'done', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        platform_refund_id TEXT,
        created_at INTEGER NOT NULL,
        done_at INTEGER
      );
      CREATE INDEX cash_refunds_due ON cash_refunds (status, next_attempt_at);
    `,
  },
  {
    version: 10,
    name: '亲情账户: opaque member ids, and a pending member’s consent',
    // One row per (guardian, member) link the platform knows, so that the phone names a member
    // only by member_id. A pending member's name and document are kept for their face check
    // and cleared once they consented; removing the link deletes the row, so the id is dead.
    up: `
      CREATE TABLE family_members (
        member_id TEXT PRIMARY KEY,
        guardian_psn_no TEXT NOT NULL,
        member_psn_no TEXT NOT NULL,
        relation TEXT NOT NULL,
        masked_name TEXT NOT NULL,
        age INTEGER NOT NULL,
        insutype TEXT CHECK (insutype IN ('310', '390')),
        region_name TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'active')),
        masked_phone TEXT,
        name TEXT,
        doc_type TEXT,
        doc_number TEXT,
        face_id TEXT,
        face_attempts INTEGER NOT NULL DEFAULT 0,
        face_verified_at INTEGER,
        sms_code_hash TEXT,
        sms_sent_at INTEGER,
        sms_expires_at INTEGER,
        sms_attempts INTEGER NOT NULL DEFAULT 0,
        sms_verified_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX family_members_pair ON family_members (guardian_psn_no, member_psn_no);
      -- A member's bills and settlements reach every guardian.
      CREATE INDEX family_members_member ON family_members (member_psn_no, status);
    `,
  },
  {
    version: 14,
    name: 'preferences per platform user (大字模式)',
    up: `
      -- What a person chose for how the app looks, per platform account: deleted with the
      -- rest when consent is withdrawn.
      CREATE TABLE preferences (
        channel TEXT NOT NULL,
        platform_user_id TEXT NOT NULL,
        large_text INTEGER NOT NULL DEFAULT 0 CHECK (large_text IN (0, 1)),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (channel, platform_user_id)
      );
    `,
  },
  {
    version: 15,
    name: 'recoveries: a forgotten password or a reserved phone that no longer works',
    up: `
      -- One row per recovery in progress, moved step by step like a claim (SMS code, face
      -- check); the person's data (name, document, phone) goes with the row once the recovery
      -- ends or expires.
      CREATE TABLE recoveries (
        recovery_id TEXT PRIMARY KEY,
        purpose TEXT NOT NULL CHECK (purpose IN ('password_reset', 'phone_replace')),
        channel TEXT NOT NULL,
        platform_user_id TEXT NOT NULL,
        step TEXT NOT NULL,
        psn_no TEXT,
        claim_id TEXT,
        name TEXT,
        doc_type TEXT,
        doc_number TEXT,
        phone TEXT,
        sms_code_hash TEXT,
        sms_sent_at INTEGER,
        sms_expires_at INTEGER,
        sms_attempts INTEGER NOT NULL DEFAULT 0,
        face_id TEXT,
        face_attempts INTEGER NOT NULL DEFAULT 0,
        face_check_id TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX recoveries_expiry ON recoveries (expires_at);
    `,
  },
  {
    version: 16,
    name: 'notifications leased to one dispatcher at a time (several BFF instances)',
    up: `
      -- Which dispatcher holds a row (its INSTANCE_ID) and until when (epoch ms). A pending row
      -- whose lease ran out is free for any dispatcher; a 'sending' one becomes 'unknown'. Rows
      -- from before have neither: pending ones are free, and one left 'sending' by a crash
      -- counts as expired (its dispatcher is gone).
      ALTER TABLE notifications ADD COLUMN owner TEXT;
      ALTER TABLE notifications ADD COLUMN lease_until INTEGER;
      CREATE INDEX notifications_lease ON notifications (status, lease_until);
    `,
  },
  {
    version: 17,
    name: "the last good copy of the platform's answers (account, records), for when it is down",
    up: `
      -- Per platform account: the last good 个人账户 and the first page of each records filter
      -- (variant), sealed (services/last-good.ts), and when the platform gave it (epoch ms).
      -- Deleted with the rest when consent is withdrawn.
      CREATE TABLE last_good (
        channel TEXT NOT NULL,
        platform_user_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('account', 'records')),
        variant TEXT NOT NULL,
        sealed TEXT NOT NULL,
        saved_at INTEGER NOT NULL,
        PRIMARY KEY (channel, platform_user_id, kind, variant)
      );
    `,
  },
];

export function openBffDatabase(file: string): Db {
  const db = openDatabase(file, MIGRATIONS);
  // A purged name or phone is zeroed in its page, not left in the free space of the file
  // for anyone with a copy of it. FAST: only where that costs no extra page writes.
  db.pragma('secure_delete = FAST');
  return db;
}
