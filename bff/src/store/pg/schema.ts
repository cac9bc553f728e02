// The BFF's schema on PostgreSQL, as versioned migrations of its own (SQLite's are db.ts; the
// two lists are numbered apart). Version 1 is SQLite's schema as migrations 1–15 left it, plus
// the push outbox's leases: times are `bigint` epoch ms from the stores' injected clock (never
// the server's), ids are identities, JSON is kept as the text the stores wrote. Sessions are not
// here: in the scaled mode they live in Redis. The comments on each table are db.ts's.
export interface PgMigration {
  version: number;
  name: string;
  /** One or more statements, run in the migration's transaction. */
  up: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'the schema of SQLite migrations 1–15, and leases on the push outbox',
    up: `
      CREATE TABLE bindings (
        channel text NOT NULL,
        platform_user_id text NOT NULL,
        psn_no text NOT NULL,
        masked_name text NOT NULL,
        masked_id_number text NOT NULL,
        insutype text NOT NULL,
        region_name text NOT NULL,
        activated_at bigint NOT NULL,
        PRIMARY KEY (channel, platform_user_id)
      );
      CREATE INDEX bindings_person ON bindings (psn_no);

      -- Name, document and phone only until the claim ends (purged_at).
      CREATE TABLE claims (
        claim_id text PRIMARY KEY,
        channel text NOT NULL,
        platform_user_id text NOT NULL,
        step text NOT NULL,
        consent_version text NOT NULL,
        name text,
        doc_type text,
        doc_number text,
        birth_date text,
        psn_no text,
        activation_id text,
        phone text,
        masked_name text,
        sync_available boolean NOT NULL DEFAULT false,
        sms_code_hash text,
        sms_sent_at bigint,
        sms_expires_at bigint,
        sms_attempts integer NOT NULL DEFAULT 0,
        face_id text,
        face_attempts integer NOT NULL DEFAULT 0,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        purged_at bigint
      );
      CREATE INDEX claims_user ON claims (channel, platform_user_id);
      CREATE INDEX claims_live ON claims (expires_at) WHERE purged_at IS NULL;

      -- HMAC(PHONE_HASH_KEY, phone), never the phone.
      CREATE TABLE sms_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        phone_hash text NOT NULL,
        sent_at bigint NOT NULL
      );
      CREATE INDEX sms_log_phone ON sms_log (phone_hash, sent_at);
      CREATE INDEX sms_log_time ON sms_log (sent_at);

      CREATE TABLE inbound_events (
        event_id text PRIMARY KEY,
        type text NOT NULL,
        app_id text NOT NULL,
        payload_json text NOT NULL,
        occurred_at text NOT NULL,
        received_at bigint NOT NULL
      );

      -- Read by id as a cursor: inserts are serialised (events.ts), so ids commit in order.
      CREATE TABLE voucher_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        psn_no text NOT NULL,
        code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('scanned', 'verified', 'settled', 'reversed', 'reinstated')),
        institution_name text,
        settlement_json text,
        at text NOT NULL,
        event_id text NOT NULL REFERENCES inbound_events (event_id)
      );
      CREATE INDEX voucher_events_person ON voucher_events (psn_no, id);

      CREATE TABLE bills (
        bill_id text PRIMARY KEY,
        psn_no text NOT NULL,
        app_id text NOT NULL,
        pay_token text NOT NULL,
        status text NOT NULL,
        details_json text NOT NULL,
        created_at text NOT NULL,
        paying_request_id text,
        org_biz_ser text,
        paying_since bigint,
        result_json text,
        refunds_json text NOT NULL DEFAULT '[]',
        updated_at bigint NOT NULL
      );
      CREATE INDEX bills_person ON bills (psn_no, created_at);
      CREATE INDEX bills_paying ON bills (status, paying_since);

      CREATE TABLE pay_requests (
        request_id text PRIMARY KEY,
        bill_id text NOT NULL REFERENCES bills (bill_id),
        outcome_json text,
        created_at bigint NOT NULL
      );

      -- A due 'pending' row is leased to one dispatcher (owner until lease_until) before
      -- it is claimed ('sending'); a 'sending' row whose lease ran out becomes 'unknown'.
      CREATE TABLE notifications (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        bill_id text NOT NULL REFERENCES bills (bill_id),
        channel text NOT NULL,
        platform_user_id text NOT NULL,
        status text NOT NULL
          CHECK (status IN ('pending', 'sending', 'sent', 'refused', 'failed', 'unknown')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at bigint NOT NULL,
        last_error text,
        sent_at bigint,
        created_at bigint NOT NULL,
        owner text,
        lease_until bigint,
        UNIQUE (bill_id, channel, platform_user_id)
      );
      CREATE INDEX notifications_due ON notifications (status, next_attempt_at);
      CREATE INDEX notifications_leased ON notifications (lease_until) WHERE status = 'sending';

      CREATE TABLE inbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        psn_no text NOT NULL,
        kind text NOT NULL
          CHECK (kind IN ('bill', 'settlement', 'refund', 'reversal', 'reinstatement')),
        title text NOT NULL,
        body text NOT NULL,
        bill_id text,
        setl_id text,
        event_id text NOT NULL,
        created_at text NOT NULL,
        read_at bigint,
        UNIQUE (event_id, psn_no)
      );
      CREATE INDEX inbox_person ON inbox (psn_no, id);
      CREATE INDEX inbox_unread ON inbox (psn_no, read_at);

      -- Append-only; identifiers and amounts only (DESIGN.md §4).
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at bigint NOT NULL,
        action text NOT NULL,
        outcome text NOT NULL,
        channel text,
        platform_user_id text,
        psn_no text,
        detail text
      );
      CREATE INDEX audit_log_person ON audit_log (psn_no, at);
      CREATE INDEX audit_log_time ON audit_log (at);

      CREATE TABLE consents (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        channel text NOT NULL,
        platform_user_id text NOT NULL,
        claim_id text NOT NULL,
        document text NOT NULL,
        version text NOT NULL,
        agreed_at bigint NOT NULL,
        psn_no text,
        bound_at bigint,
        UNIQUE (claim_id, document)
      );
      CREATE INDEX consents_user ON consents (channel, platform_user_id, agreed_at);

      CREATE TABLE cash_orders (
        order_id text PRIMARY KEY,
        bill_id text NOT NULL REFERENCES bills (bill_id),
        psn_no text NOT NULL,
        channel text NOT NULL,
        provider text NOT NULL CHECK (provider IN ('wechatpay', 'alipay')),
        payer text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        status text NOT NULL
          CHECK (status IN ('placing', 'open', 'paid', 'confirmed', 'closed', 'returned')),
        platform_ref text,
        trade_no text,
        paid_at text,
        confirmed_at bigint,
        expires_at bigint NOT NULL,
        checked_at bigint,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        -- SQLite's rowid: the newest of two orders written in the same millisecond.
        seq bigint GENERATED ALWAYS AS IDENTITY
      );
      -- At most one order per bill that may still take (or has taken) its cash.
      CREATE UNIQUE INDEX cash_orders_live ON cash_orders (bill_id)
        WHERE status IN ('placing', 'open', 'paid', 'confirmed');
      CREATE INDEX cash_orders_due ON cash_orders (status, checked_at);
      CREATE INDEX cash_orders_bill ON cash_orders (bill_id, created_at);

      CREATE TABLE cash_notifications (
        provider text NOT NULL,
        notification_id text NOT NULL,
        order_id text NOT NULL REFERENCES cash_orders (order_id),
        outcome text NOT NULL,
        received_at bigint NOT NULL,
        PRIMARY KEY (provider, notification_id)
      );

      CREATE TABLE cash_refunds (
        refund_id text PRIMARY KEY,
        order_id text NOT NULL REFERENCES cash_orders (order_id),
        bill_id text NOT NULL,
        psn_no text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        reason text NOT NULL CHECK (reason IN ('hospital_refund', 'duplicate_payment', 'bill_closed')),
        event_id text,
        status text NOT NULL CHECK (status IN ('pending', 'processing', 'done', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at bigint NOT NULL,
        last_error text,
        platform_refund_id text,
        created_at bigint NOT NULL,
        done_at bigint
      );
      CREATE INDEX cash_refunds_due ON cash_refunds (status, next_attempt_at);
      CREATE INDEX cash_refunds_order ON cash_refunds (order_id);

      -- 亲情账户: the phone names a member only by member_id.
      CREATE TABLE family_members (
        member_id text PRIMARY KEY,
        guardian_psn_no text NOT NULL,
        member_psn_no text NOT NULL,
        relation text NOT NULL,
        masked_name text NOT NULL,
        age integer NOT NULL,
        insutype text CHECK (insutype IN ('310', '390')),
        region_name text,
        status text NOT NULL CHECK (status IN ('pending', 'active')),
        masked_phone text,
        name text,
        doc_type text,
        doc_number text,
        face_id text,
        face_attempts integer NOT NULL DEFAULT 0,
        face_verified_at bigint,
        sms_code_hash text,
        sms_sent_at bigint,
        sms_expires_at bigint,
        sms_attempts integer NOT NULL DEFAULT 0,
        sms_verified_at bigint,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE UNIQUE INDEX family_members_pair ON family_members (guardian_psn_no, member_psn_no);
      CREATE INDEX family_members_member ON family_members (member_psn_no, status);

      CREATE TABLE preferences (
        channel text NOT NULL,
        platform_user_id text NOT NULL,
        large_text boolean NOT NULL DEFAULT false,
        updated_at bigint NOT NULL,
        PRIMARY KEY (channel, platform_user_id)
      );

      CREATE TABLE recoveries (
        recovery_id text PRIMARY KEY,
        purpose text NOT NULL CHECK (purpose IN ('password_reset', 'phone_replace')),
        channel text NOT NULL,
        platform_user_id text NOT NULL,
        step text NOT NULL,
        psn_no text,
        claim_id text,
        name text,
        doc_type text,
        doc_number text,
        phone text,
        sms_code_hash text,
        sms_sent_at bigint,
        sms_expires_at bigint,
        sms_attempts integer NOT NULL DEFAULT 0,
        face_id text,
        face_attempts integer NOT NULL DEFAULT 0,
        face_check_id text,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL
      );
      CREATE INDEX recoveries_expiry ON recoveries (expires_at);
      CREATE INDEX recoveries_user ON recoveries (channel, platform_user_id);
    `,
  },
  {
    version: 2,
    name: "the last good copy of the platform's answers (account, records), for when it is down (SQLite's 17)",
    up: `
      CREATE TABLE last_good (
        channel text NOT NULL,
        platform_user_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('account', 'records')),
        variant text NOT NULL,
        sealed text NOT NULL,
        saved_at bigint NOT NULL,
        PRIMARY KEY (channel, platform_user_id, kind, variant)
      );
    `,
  },
];
