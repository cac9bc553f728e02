// The insurance sandbox's schema, one versioned step at a time. Never edit a released
// step: add the next one.
import { rebuildTable } from '@ybm/shared/node';

import type { Migration } from '../lib/sqlite';

/** Character positions for the n-gram triggers (json_each: no recursive CTE in a trigger). */
const POSITIONS = JSON.stringify(Array.from({ length: 80 }, (_, i) => i + 1));

/** Every 1- and 2-gram of `text` (an SQL expression) for the row `key`. */
function gramsOf(table: string, text: string, key: string): string {
  return `INSERT OR IGNORE INTO ${table} (gram, code)
      SELECT substr(${text}, value, 1), ${key} FROM json_each('${POSITIONS}') WHERE value <= length(${text})
      UNION SELECT substr(${text}, value, 2), ${key} FROM json_each('${POSITIONS}') WHERE value < length(${text});`;
}

function institutionIndexTriggers(): string {
  const index = `
      ${gramsOf('institution_grams', 'lower(NEW.name)', 'NEW.code')}
      INSERT INTO institution_text (rowid, name) VALUES (NEW.rowid, lower(NEW.name));
      INSERT INTO institution_places (id, min_lat, max_lat, min_lng, max_lng)
        VALUES (NEW.rowid, NEW.lat, NEW.lat, NEW.lng, NEW.lng);`;
  const unindex = `
      DELETE FROM institution_grams WHERE code = OLD.code;
      DELETE FROM institution_text WHERE rowid = OLD.rowid;
      DELETE FROM institution_places WHERE id = OLD.rowid;`;
  return `
      CREATE TRIGGER institutions_indexed AFTER INSERT ON institutions BEGIN ${index} END;
      CREATE TRIGGER institutions_reindexed AFTER UPDATE OF name, lat, lng, code ON institutions
        WHEN OLD.name IS NOT NEW.name OR OLD.lat IS NOT NEW.lat OR OLD.lng IS NOT NEW.lng
          OR OLD.code IS NOT NEW.code
        BEGIN ${unindex} ${index} END;
      CREATE TRIGGER institutions_unindexed AFTER DELETE ON institutions BEGIN ${unindex} END;
      INSERT OR IGNORE INTO institution_grams (gram, code)
        SELECT substr(lower(i.name), p.value, 1), i.code FROM institutions i, json_each('${POSITIONS}') p
        WHERE p.value <= length(i.name)
        UNION SELECT substr(lower(i.name), p.value, 2), i.code FROM institutions i, json_each('${POSITIONS}') p
        WHERE p.value < length(i.name);
      INSERT INTO institution_text (rowid, name) SELECT rowid, lower(name) FROM institutions;
      INSERT INTO institution_places (id, min_lat, max_lat, min_lng, max_lng)
        SELECT rowid, lat, lat, lng, lng FROM institutions;`;
}

/** What a catalogue keyword is matched against: the name, its pinyin initials and the code. */
const CATALOGUE_TEXT = (row: string) =>
  `lower(${row}.name) || ' ' || ${row}.initials || ' ' || lower(${row}.code)`;

function catalogueIndexTriggers(): string {
  const index = `
      ${gramsOf('catalogue_grams', 'lower(NEW.name)', 'NEW.code')}
      ${gramsOf('catalogue_grams', 'NEW.initials', 'NEW.code')}
      INSERT OR IGNORE INTO catalogue_grams (gram, code)
        VALUES (substr(lower(NEW.code), 1, 1), NEW.code), (substr(lower(NEW.code), 1, 2), NEW.code);
      INSERT INTO catalogue_text (rowid, text) VALUES (NEW.rowid, ${CATALOGUE_TEXT('NEW')});`;
  const unindex = `
      DELETE FROM catalogue_grams WHERE code = OLD.code;
      DELETE FROM catalogue_text WHERE rowid = OLD.rowid;`;
  return `
      CREATE TRIGGER catalogue_indexed AFTER INSERT ON catalogue BEGIN ${index} END;
      CREATE TRIGGER catalogue_reindexed AFTER UPDATE OF name, initials, code ON catalogue
        WHEN OLD.name IS NOT NEW.name OR OLD.initials IS NOT NEW.initials OR OLD.code IS NOT NEW.code
        BEGIN ${unindex} ${index} END;
      CREATE TRIGGER catalogue_unindexed AFTER DELETE ON catalogue BEGIN ${unindex} END;
      INSERT OR IGNORE INTO catalogue_grams (gram, code)
        SELECT substr(lower(c.name), p.value, 1), c.code FROM catalogue c, json_each('${POSITIONS}') p
        WHERE p.value <= length(c.name)
        UNION SELECT substr(lower(c.name), p.value, 2), c.code FROM catalogue c, json_each('${POSITIONS}') p
        WHERE p.value < length(c.name)
        UNION SELECT substr(lower(code), 1, 1), code FROM catalogue
        UNION SELECT substr(lower(code), 1, 2), code FROM catalogue;
      INSERT INTO catalogue_text (rowid, text) SELECT c.rowid, ${CATALOGUE_TEXT('c')} FROM catalogue c;`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'channels and channel request log',
    up: `
      CREATE TABLE channels (
        app_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        app_secret TEXT NOT NULL,
        sm2_user_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE channel_requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        app_id TEXT,
        method TEXT,
        outcome TEXT NOT NULL,
        received_at TEXT NOT NULL
      );
      CREATE INDEX channel_requests_app_time ON channel_requests (app_id, received_at);
    `,
  },
  {
    version: 2,
    name: 'people, insurance, accounts, institutions, catalogue, rules, codes, settlements, payments',
    up: `
      CREATE TABLE regions (
        code TEXT PRIMARY KEY CHECK (length(code) = 6),
        name TEXT NOT NULL,
        province TEXT NOT NULL
      );

      -- Regional rules per insurance type and person type ('' = any), amounts in fen,
      -- ratios in basis points; tiers: JSON [{"upToFen": n | null, "ratioBp": n}] ascending.
      CREATE TABLE region_rules (
        region_code TEXT NOT NULL REFERENCES regions (code),
        insutype TEXT NOT NULL CHECK (insutype IN ('310', '390')),
        psn_type TEXT NOT NULL DEFAULT '',
        deductible_fen INTEGER NOT NULL CHECK (deductible_fen >= 0),
        cap_fen INTEGER NOT NULL CHECK (cap_fen > 0),
        tiers_json TEXT NOT NULL,
        PRIMARY KEY (region_code, insutype, psn_type)
      );

      CREATE TABLE persons (
        psn_no TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        gender TEXT NOT NULL CHECK (gender IN ('1', '2')),
        birth_date TEXT NOT NULL,
        nationality TEXT NOT NULL DEFAULT 'CHN',
        phone TEXT,
        region_code TEXT NOT NULL REFERENCES regions (code),
        created_at TEXT NOT NULL
      );

      -- Not unique on purpose: the platform has people with several person records.
      CREATE TABLE person_documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        doc_type TEXT NOT NULL,
        doc_number TEXT NOT NULL
      );
      CREATE INDEX person_documents_number ON person_documents (doc_number, doc_type);
      CREATE INDEX person_documents_person ON person_documents (psn_no);

      CREATE TABLE social_cards (
        card_no TEXT PRIMARY KEY,
        card_sn TEXT NOT NULL,
        psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lost', 'revoked'))
      );
      CREATE INDEX social_cards_person ON social_cards (psn_no);

      CREATE TABLE insurance_records (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        insutype TEXT NOT NULL CHECK (insutype IN ('310', '390')),
        psn_type TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
        insured_date TEXT NOT NULL,
        suspended_date TEXT,
        region_code TEXT NOT NULL REFERENCES regions (code),
        emp_name TEXT,
        cvlserv_flag INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX insurance_records_person ON insurance_records (psn_no);

      -- balance_fen is a cache of SUM(ledger.amount_fen), updated in the same transaction.
      CREATE TABLE accounts (
        psn_no TEXT PRIMARY KEY REFERENCES persons (psn_no),
        balance_fen INTEGER NOT NULL DEFAULT 0 CHECK (balance_fen >= 0),
        updated_at TEXT NOT NULL
      );
      CREATE TABLE ledger (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        psn_no TEXT NOT NULL REFERENCES accounts (psn_no),
        kind TEXT NOT NULL CHECK (kind IN ('contribution', 'payment', 'reversal', 'refund', 'adjustment')),
        amount_fen INTEGER NOT NULL,
        ref_type TEXT,
        ref_id TEXT,
        memo TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX ledger_person ON ledger (psn_no, id);

      CREATE TABLE vouchers (
        psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        app_id TEXT NOT NULL,
        platform_user_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'revoked')),
        started_at TEXT NOT NULL,
        activated_at TEXT,
        PRIMARY KEY (psn_no, app_id)
      );
      CREATE INDEX vouchers_user ON vouchers (app_id, platform_user_id);

      -- One password per person, shared by every channel (cross-platform sync verifies it).
      CREATE TABLE voucher_passwords (
        psn_no TEXT PRIMARY KEY REFERENCES persons (psn_no),
        hash TEXT NOT NULL,
        salt TEXT NOT NULL,
        failed_count INTEGER NOT NULL DEFAULT 0,
        failed_day TEXT,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE institutions (
        code TEXT PRIMARY KEY CHECK (length(code) = 12),
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('hospital', 'pharmacy', 'clinic')),
        level TEXT,
        region_code TEXT NOT NULL REFERENCES regions (code),
        address TEXT NOT NULL,
        lat REAL NOT NULL,
        lng REAL NOT NULL,
        phone TEXT,
        supports_ec INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX institutions_region_kind ON institutions (region_code, kind);

      -- chrgitm_lv: 01 甲 / 02 乙 / 03 丙; selfpay_prop_bp: 乙's first self-pay share.
      CREATE TABLE catalogue (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        category TEXT NOT NULL CHECK (category IN ('drug', 'service', 'material')),
        chrgitm_lv TEXT NOT NULL CHECK (chrgitm_lv IN ('01', '02', '03')),
        selfpay_prop_bp INTEGER NOT NULL DEFAULT 0 CHECK (selfpay_prop_bp BETWEEN 0 AND 10000),
        price_limit_fen INTEGER,
        spec TEXT,
        unit TEXT,
        begin_date TEXT NOT NULL,
        end_date TEXT
      );
      CREATE INDEX catalogue_name ON catalogue (name);

      CREATE TABLE sign_ins (
        sign_no TEXT PRIMARY KEY,
        fixmedins_code TEXT NOT NULL REFERENCES institutions (code),
        opter_no TEXT NOT NULL,
        signed_in_at TEXT NOT NULL,
        signed_out_at TEXT
      );
      CREATE INDEX sign_ins_institution ON sign_ins (fixmedins_code);

      -- status: issued → scanned → verified (1101 done) → settled; or expired.
      CREATE TABLE codes (
        code TEXT PRIMARY KEY,
        psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        app_id TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        status TEXT NOT NULL,
        business_type TEXT,
        org_id TEXT,
        scanned_at TEXT,
        ec_token TEXT
      );
      CREATE INDEX codes_person ON codes (psn_no, issued_at);

      CREATE TABLE ec_tokens (
        token TEXT PRIMARY KEY,
        psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        code TEXT NOT NULL REFERENCES codes (code),
        org_id TEXT NOT NULL,
        business_type TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX ec_tokens_person ON ec_tokens (psn_no);

      -- Every 两定 message, for idempotency (msgid) and for 2601 reversal by omsgid.
      CREATE TABLE fsi_messages (
        msgid TEXT PRIMARY KEY,
        infno TEXT NOT NULL,
        fixmedins_code TEXT NOT NULL,
        psn_no TEXT,
        ref_id TEXT,
        infcode INTEGER NOT NULL,
        output_json TEXT,
        received_at TEXT NOT NULL
      );

      CREATE TABLE visits (
        mdtrt_id TEXT PRIMARY KEY,
        psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        fixmedins_code TEXT NOT NULL REFERENCES institutions (code),
        insutype TEXT NOT NULL,
        med_type TEXT NOT NULL,
        cert_type TEXT NOT NULL,
        cert_no TEXT NOT NULL,
        ipt_otp_no TEXT,
        dept_name TEXT,
        dr_name TEXT,
        status TEXT NOT NULL CHECK (status IN ('open', 'settled', 'cancelled')),
        began_at TEXT NOT NULL
      );
      CREATE INDEX visits_person ON visits (psn_no);

      CREATE TABLE fee_details (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        mdtrt_id TEXT NOT NULL REFERENCES visits (mdtrt_id),
        feedetl_sn TEXT NOT NULL,
        chrg_bchno TEXT,
        hilist_code TEXT NOT NULL,
        name TEXT NOT NULL,
        qty REAL NOT NULL,
        price_fen INTEGER NOT NULL,
        amount_fen INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
        UNIQUE (mdtrt_id, feedetl_sn)
      );

      CREATE TABLE settlements (
        setl_id TEXT PRIMARY KEY,
        mdtrt_id TEXT NOT NULL,
        psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        fixmedins_code TEXT NOT NULL REFERENCES institutions (code),
        kind TEXT NOT NULL CHECK (kind IN ('pharmacy', 'outpatient', 'mobile')),
        status TEXT NOT NULL CHECK (status IN ('settled', 'reversed')),
        insutype TEXT NOT NULL,
        cert_type TEXT NOT NULL,
        code TEXT,
        total_fen INTEGER NOT NULL,
        fund_fen INTEGER NOT NULL,
        account_fen INTEGER NOT NULL,
        cash_fen INTEGER NOT NULL,
        fulamt_ownpay_fen INTEGER NOT NULL,
        overlmt_fen INTEGER NOT NULL,
        preselfpay_fen INTEGER NOT NULL,
        inscp_fen INTEGER NOT NULL,
        deductible_fen INTEGER NOT NULL,
        balance_after_fen INTEGER,
        msgid TEXT,
        settled_at TEXT NOT NULL,
        reversed_at TEXT,
        CHECK (fund_fen + account_fen + cash_fen = total_fen),
        CHECK (fund_fen >= 0 AND account_fen >= 0 AND cash_fen >= 0)
      );
      CREATE INDEX settlements_person ON settlements (psn_no, settled_at);
      CREATE INDEX settlements_visit ON settlements (mdtrt_id);

      -- 62xx mobile payment orders; ord_stas as in PROTOCOL.md §3.
      CREATE TABLE pay_orders (
        pay_ord_id TEXT PRIMARY KEY,
        pay_token TEXT NOT NULL,
        psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        fixmedins_code TEXT NOT NULL REFERENCES institutions (code),
        mdtrt_id TEXT,
        ord_stas TEXT NOT NULL,
        fee_sumamt_fen INTEGER NOT NULL,
        fund_fen INTEGER,
        account_fen INTEGER,
        cash_fen INTEGER,
        setl_id TEXT,
        details_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX pay_orders_person ON pay_orders (psn_no, created_at);
      CREATE TABLE pay_requests (
        org_biz_ser TEXT PRIMARY KEY,
        pay_ord_id TEXT NOT NULL REFERENCES pay_orders (pay_ord_id),
        kind TEXT NOT NULL,
        response_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE refunds (
        app_refd_sn TEXT PRIMARY KEY,
        pay_ord_id TEXT NOT NULL REFERENCES pay_orders (pay_ord_id),
        refd_type TEXT NOT NULL CHECK (refd_type IN ('ALL', 'CASH', 'HI')),
        total_fen INTEGER NOT NULL,
        cash_fen INTEGER NOT NULL,
        account_fen INTEGER NOT NULL,
        fund_fen INTEGER NOT NULL,
        ref_status TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE remote_care_filings (
        id TEXT PRIMARY KEY,
        psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        insured_region TEXT NOT NULL REFERENCES regions (code),
        care_region TEXT NOT NULL REFERENCES regions (code),
        reason TEXT NOT NULL,
        hospital_code TEXT,
        begin_date TEXT NOT NULL,
        end_date TEXT,
        status TEXT NOT NULL CHECK (status IN ('filed', 'cancelled')),
        created_at TEXT NOT NULL
      );
      CREATE INDEX remote_care_person ON remote_care_filings (psn_no);

      CREATE TABLE family_links (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        owner_psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        member_psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        relation TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'removed')),
        created_at TEXT NOT NULL,
        CHECK (owner_psn_no <> member_psn_no)
      );
      CREATE UNIQUE INDEX family_links_pair ON family_links (owner_psn_no, member_psn_no) WHERE status = 'active';

      -- Outbox of events to the BFF webhook, retried with backoff until acknowledged.
      CREATE TABLE events (
        event_id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        app_id TEXT,
        payload_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        delivered_at TEXT,
        last_error TEXT
      );
      CREATE INDEX events_pending ON events (delivered_at, next_attempt_at);
    `,
  },
  {
    // Kept in version order in this list: the storage test compares it with the applied order.
    version: 10,
    name: 'data & rules: pooling flags on regional rules, family and settlement look-ups',
    up: `
      -- Whether the pooled fund pays at all for a pharmacy purchase / an outpatient visit
      -- under this rule (residents typically pay pharmacy purchases in cash).
      ALTER TABLE region_rules ADD COLUMN pharmacy_pooling INTEGER NOT NULL DEFAULT 1
        CHECK (pharmacy_pooling IN (0, 1));
      ALTER TABLE region_rules ADD COLUMN outpatient_pooling INTEGER NOT NULL DEFAULT 1
        CHECK (outpatient_pooling IN (0, 1));
      CREATE INDEX family_links_member ON family_links (member_psn_no, status);
      CREATE INDEX family_links_owner ON family_links (owner_psn_no, status);
      -- Keyset pages of a person's settlements: (settled_at, setl_id) is the cursor.
      CREATE INDEX settlements_person_page ON settlements (psn_no, settled_at, setl_id);
      CREATE INDEX remote_care_person_status ON remote_care_filings (psn_no, status);
      CREATE INDEX catalogue_class ON catalogue (chrgitm_lv, category);
      -- 1312 fields the catalogue lacked: med_chrgitm_type (09 西药费, 11 中成药费, 03 检查费,
      -- …) and lmt_used_flag with its restriction text (限定支付范围).
      ALTER TABLE catalogue ADD COLUMN med_chrgitm_type TEXT;
      ALTER TABLE catalogue ADD COLUMN lmt_used_flag INTEGER NOT NULL DEFAULT 0
        CHECK (lmt_used_flag IN (0, 1));
      ALTER TABLE catalogue ADD COLUMN lmt_used_desc TEXT;
    `,
  },
  {
    version: 20,
    name: 'counter flows: code serial and MAC, code progress, settlement extras, 两定 replies',
    up: `
      -- The code string is prefix + serial + MAC; both halves are looked up on their own so
      -- the e-voucher centre can tell a forged code (neither known) from an altered one.
      ALTER TABLE codes ADD COLUMN serial TEXT;
      ALTER TABLE codes ADD COLUMN mac TEXT;
      ALTER TABLE codes ADD COLUMN verified_at TEXT;
      ALTER TABLE codes ADD COLUMN settled_at TEXT;
      ALTER TABLE codes ADD COLUMN setl_id TEXT;
      CREATE UNIQUE INDEX codes_serial ON codes (serial);
      CREATE INDEX codes_mac ON codes (mac);
      CREATE INDEX ec_tokens_code ON ec_tokens (code);

      ALTER TABLE settlements ADD COLUMN pool_prop_selfpay_fen INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE settlements ADD COLUMN med_type TEXT;
      ALTER TABLE settlements ADD COLUMN reversal_reason TEXT;
      CREATE INDEX settlements_code ON settlements (code);

      -- The whole first answer, so a repeated msgid gets exactly what the first one got.
      ALTER TABLE fsi_messages ADD COLUMN response_json TEXT;
      CREATE INDEX fsi_messages_ref ON fsi_messages (ref_id);
      CREATE INDEX visits_institution ON visits (fixmedins_code, began_at);
    `,
  },
  {
    version: 30,
    name: 'payments & activation: activation sessions, voucher unbinding',
    up: `
      -- One claim attempt on one channel: started by activation.start, finished (password set
      -- or, when already activated on the other platform, verified) by activation.finish.
      CREATE TABLE activations (
        activation_id TEXT PRIMARY KEY,
        psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        app_id TEXT NOT NULL,
        platform_user_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        finished_at TEXT,
        synced INTEGER CHECK (synced IN (0, 1))
      );
      CREATE INDEX activations_person ON activations (psn_no, app_id);
      ALTER TABLE vouchers ADD COLUMN revoked_at TEXT;
    `,
  },
  {
    version: 31,
    name: 'payments & activation: 62xx idempotency, payment authorisations, refunds',
    up: `
      ALTER TABLE pay_orders ADD COLUMN app_id TEXT;
      ALTER TABLE pay_orders ADD COLUMN med_org_ord TEXT;
      ALTER TABLE pay_orders ADD COLUMN dept_name TEXT;
      ALTER TABLE pay_orders ADD COLUMN doctor_name TEXT;
      ALTER TABLE pay_orders ADD COLUMN upload_hash TEXT;
      ALTER TABLE pay_orders ADD COLUMN upload_response_json TEXT;
      ALTER TABLE pay_orders ADD COLUMN pay_auth_no TEXT;
      ALTER TABLE pay_orders ADD COLUMN revs_token TEXT;
      ALTER TABLE pay_orders ADD COLUMN hi_paid_at TEXT;
      ALTER TABLE pay_orders ADD COLUMN cash_paid_at TEXT;
      ALTER TABLE pay_orders ADD COLUMN hi_refunded_at TEXT;
      ALTER TABLE pay_orders ADD COLUMN cash_refunded_fen INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE pay_orders ADD COLUMN revoked_at TEXT;
      CREATE INDEX pay_orders_his_order ON pay_orders (fixmedins_code, med_org_ord);

      -- A retried orgBizSer must carry the same request to get the first answer back.
      ALTER TABLE pay_requests ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';
      CREATE INDEX pay_requests_order ON pay_requests (pay_ord_id);
      ALTER TABLE refunds ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';
      ALTER TABLE refunds ADD COLUMN response_json TEXT;
      CREATE INDEX refunds_order ON refunds (pay_ord_id);

      -- payAuthNo: issued to the person's channel after the voucher password, for one order,
      -- used once by 6202.
      CREATE TABLE pay_auths (
        pay_auth_no TEXT PRIMARY KEY,
        psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        pay_ord_id TEXT NOT NULL REFERENCES pay_orders (pay_ord_id),
        app_id TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );
      CREATE INDEX pay_auths_order ON pay_auths (pay_ord_id);
    `,
  },
  {
    version: 32,
    name: 'fewer index writes on the counter path: drop indexes no query reads',
    // Every index is one more page written on each insert, and a counter's two scans
    // insert codes, ec tokens, visits and settlements. None of these is read by any query
    // (codes and ec tokens are found by their keys; settlements by person use
    // settlements_person_page, of which settlements_person is a prefix), and no person,
    // code or visit is ever deleted, so their foreign keys need no child index either.
    up: `
      DROP INDEX codes_person;
      DROP INDEX ec_tokens_person;
      DROP INDEX ec_tokens_code;
      DROP INDEX settlements_person;
      DROP INDEX visits_person;
      DROP INDEX visits_institution;
    `,
  },
  {
    version: 33,
    name: 'institution search from one covering index',
    // A region of a real province lists thousands of institutions (npm run bench seeds 10 k):
    // the filters, the name a search matches and the page's order are all in the index, so a
    // search reads no table row but the page's own.
    up: `
      DROP INDEX institutions_region_kind;
      CREATE INDEX institutions_search ON institutions (region_code, kind, supports_ec, name, code);
    `,
  },
  {
    version: 34,
    name: 'whether the reserved phone still works',
    // The platform learns from the carriers' number-status checks (在网状态核验) that a reserved
    // phone was stopped or cancelled; a claim then says so instead of sending a code nobody gets.
    up: `
      ALTER TABLE persons ADD COLUMN phone_status TEXT NOT NULL DEFAULT 'in_service'
        CHECK (phone_status IN ('in_service', 'out_of_service'));
    `,
  },
  {
    version: 35,
    name: '亲情账户: pending links until the member consents (face check, SMS code), family activation',
    // An adult member's link waits as 'pending' until their consent arrives; the time of each
    // part of the consent is kept. A live link is the member's voucher on the owner's channels
    // (family activation): the owner shows the member's code without the member's password.
    up: (db) =>
      rebuildTable(db, {
        table: 'family_links',
        create: (name) => `
          CREATE TABLE ${name} (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            owner_psn_no TEXT NOT NULL REFERENCES persons (psn_no),
            member_psn_no TEXT NOT NULL REFERENCES persons (psn_no),
            relation TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'removed')),
            created_at TEXT NOT NULL,
            face_verified_at TEXT,
            sms_verified_at TEXT,
            activated_at TEXT,
            removed_at TEXT,
            CHECK (owner_psn_no <> member_psn_no)
          )`,
        indexes: [
          `CREATE UNIQUE INDEX family_links_pair ON family_links (owner_psn_no, member_psn_no)
             WHERE status IN ('pending', 'active')`,
          'CREATE INDEX family_links_member ON family_links (member_psn_no, status)',
          'CREATE INDEX family_links_owner ON family_links (owner_psn_no, status)',
        ],
      }),
  },
  {
    version: 36,
    name: 'item lines of each settlement (消费记录 in detail)',
    // What each settlement was for, line by line, with the person's self-paid part of the line
    // (丙 in full, 乙's first share, anything above the price limit): the record's own page.
    up: `
      CREATE TABLE settlement_items (
        setl_id TEXT NOT NULL REFERENCES settlements (setl_id),
        line INTEGER NOT NULL,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        chrgitm_lv TEXT NOT NULL CHECK (chrgitm_lv IN ('01', '02', '03')),
        qty REAL NOT NULL,
        price_fen INTEGER NOT NULL,
        amount_fen INTEGER NOT NULL,
        selfpay_fen INTEGER NOT NULL,
        PRIMARY KEY (setl_id, line)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 37,
    name: '亲情账户 payments: a guardian acting for a member, and 家庭共济',
    // Who authorised a payment (the guardian acting for the member) and whose personal account
    // pays its account part (家庭共济: the guardian's); a reversal or refund of that part goes
    // back to the account that paid it.
    up: `
      ALTER TABLE pay_auths ADD COLUMN guardian_psn_no TEXT;
      ALTER TABLE pay_auths ADD COLUMN account_psn_no TEXT;
      ALTER TABLE settlements ADD COLUMN account_psn_no TEXT;
    `,
  },
  {
    version: 38,
    name: 'directory search by index only: n-grams, trigram FTS, an R-tree of places, pinyin initials',
    // A region of a province lists thousands of institutions and the catalogue tens of
    // thousands of items: a search reads the index entries of what it matches, never the
    // region's or the catalogue's rows. Queries of one or two characters (Chinese names are
    // often two) go to a table of every 1- and 2-gram; longer ones to an FTS5 trigram index;
    // "nearest first" to an R-tree. Triggers keep all three in step with the rows, whoever
    // writes them (the seeds, the benchmark's bulk rows).
    up: `
      ALTER TABLE institutions ADD COLUMN kind_rank INTEGER
        GENERATED ALWAYS AS (CASE kind WHEN 'hospital' THEN 0 WHEN 'pharmacy' THEN 1 ELSE 2 END) VIRTUAL;
      DROP INDEX institutions_search;
      CREATE INDEX institutions_region_rank ON institutions (region_code, kind_rank, code);
      CREATE INDEX institutions_region_ec_rank ON institutions (region_code, supports_ec, kind_rank, code);
      CREATE INDEX institutions_region_kind ON institutions (region_code, kind, code);
      CREATE INDEX institutions_region_kind_ec ON institutions (region_code, kind, supports_ec, code);

      CREATE TABLE institution_grams (gram TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY (gram, code))
        WITHOUT ROWID;
      CREATE INDEX institution_grams_code ON institution_grams (code);
      CREATE VIRTUAL TABLE institution_text USING fts5 (name, tokenize = 'trigram');
      CREATE VIRTUAL TABLE institution_places USING rtree (id, min_lat, max_lat, min_lng, max_lng);
      ${institutionIndexTriggers()}

      ALTER TABLE catalogue ADD COLUMN initials TEXT NOT NULL DEFAULT '';
      ALTER TABLE catalogue ADD COLUMN ref_price_fen INTEGER;
      CREATE TABLE catalogue_grams (gram TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY (gram, code))
        WITHOUT ROWID;
      CREATE INDEX catalogue_grams_code ON catalogue_grams (code);
      CREATE VIRTUAL TABLE catalogue_text USING fts5 (text, tokenize = 'trigram');
      ${catalogueIndexTriggers()}
    `,
  },
  {
    version: 39,
    name: 'rules by institution level and for care in another region; how each settlement was treated',
    // level_adjust_json: points added to every ratio at an institution of that level
    // ({"3": -300, "1": 500}: 三级 pays 3 points less, 一级 5 more). remote_*: points for a
    // settlement outside the insured region with a 异地就医备案 and without one; a NULL
    // unfiled adjustment means the region refuses to settle without a filing.
    up: `
      ALTER TABLE region_rules ADD COLUMN level_adjust_json TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE region_rules ADD COLUMN remote_filed_adjust_bp INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE region_rules ADD COLUMN remote_unfiled_adjust_bp INTEGER;
      ALTER TABLE settlements ADD COLUMN care_rule TEXT CHECK (care_rule IN ('local', 'filed', 'not_filed'));
      ALTER TABLE settlements ADD COLUMN filing_id TEXT;
      ALTER TABLE settlements ADD COLUMN remote_adjust_bp INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE settlements ADD COLUMN level_adjust_bp INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX remote_care_person_region ON remote_care_filings (psn_no, care_region, status);
    `,
  },
  {
    version: 41,
    name: 'changes a channel makes to a person after its own checks: password reset, reserved phone',
    // The platform keeps who changed what, from which channel and on which face check, so a
    // dispute can be traced; the phones only masked.
    up: `
      CREATE TABLE person_changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        psn_no TEXT NOT NULL REFERENCES persons (psn_no),
        app_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('password_reset', 'phone_replace')),
        face_check_id TEXT NOT NULL,
        old_phone_masked TEXT,
        new_phone_masked TEXT,
        changed_at TEXT NOT NULL
      );
      CREATE INDEX person_changes_person ON person_changes (psn_no, changed_at);
    `,
  },
  {
    version: 42,
    name: 'who paid the cash part of an online settlement, when a guardian paid it for a family member',
    // cashier.confirm with guardianPsnNo: the cash went through the guardian's own WeChat Pay or
    // Alipay, acting for the member; the member's records say so (account_psn_no says whose
    // personal account paid, 家庭共济). NULL: the settlement's own person paid, or no cash.
    up: `
      ALTER TABLE settlements ADD COLUMN cash_payer_psn_no TEXT REFERENCES persons (psn_no);
    `,
  },
];
