// The voucher's 6-digit payment password, one per person and shared by every channel
// (cross-platform 一键同步 verifies it): it arrives SM2-encrypted with the platform's public
// key, is refused when weak, stored as a salted scrypt hash and compared in constant time;
// 5 wrong tries lock it until the end of the day in Beijing time. Only a wrong password
// counts: one person's checks are judged one after another, never by others still in flight.
import { scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

import { WEAK_PASSWORD_MESSAGES, weakPasswordReason as sharedWeakPasswordReason } from '@ybm/shared';
import { privateKeyHex, utf8Decode } from '@ybm/shared/gm';
import { sm2 } from 'sm-crypto-v2';

import { PlatformRefusal } from '../channel/operation';
import { isoNow, type SandboxContext } from '../context';
import { chinaDay } from './china-time';
import { preparedStatements } from './prepared';

export const MAX_PASSWORD_TRIES = 5;

/** Cost of new hashes: N = 2^14, r = 8, p = 1 (16 MiB, tens of ms). Stored with each hash. */
const COST = { logN: 14, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

type Ctx = Pick<SandboxContext, 'db' | 'now' | 'random' | 'platformKeys'>;

export type VerifyResult = { ok: true } | { ok: false; remaining: number; locked: boolean };

interface PasswordRow {
  hash: string;
  failedCount: number;
  failedDay: string | null;
}

const sql = preparedStatements((db) => ({
  row: db.prepare<[string], PasswordRow>(
    'SELECT hash, failed_count AS failedCount, failed_day AS failedDay FROM voucher_passwords WHERE psn_no = ?',
  ),
  birthDate: db.prepare<[string], string>('SELECT birth_date FROM persons WHERE psn_no = ?').pluck(),
  upsert: db.prepare(
    `INSERT INTO voucher_passwords (psn_no, hash, salt, failed_count, failed_day, updated_at)
     VALUES (@psnNo, @hash, @salt, 0, NULL, @at)
     ON CONFLICT (psn_no) DO UPDATE SET hash = excluded.hash, salt = excluded.salt,
       failed_count = 0, failed_day = NULL, updated_at = excluded.updated_at`,
  ),
  insertIfAbsent: db.prepare(
    `INSERT INTO voucher_passwords (psn_no, hash, salt, failed_count, failed_day, updated_at)
     VALUES (@psnNo, @hash, @salt, 0, NULL, @at) ON CONFLICT (psn_no) DO NOTHING`,
  ),
  clearFailures: db.prepare(
    'UPDATE voucher_passwords SET failed_count = 0, failed_day = NULL WHERE psn_no = ?',
  ),
  // One statement: the count cannot lose a try to another writer, and a new day starts at 1.
  countFailure: db
    .prepare<[string, string, string], number>(
      `UPDATE voucher_passwords
       SET failed_count = CASE WHEN failed_day = ? THEN failed_count + 1 ELSE 1 END, failed_day = ?
       WHERE psn_no = ? RETURNING failed_count`,
    )
    .pluck(),
}));

// ---- the cipher ----------------------------------------------------------------------

const privateKeys = new WeakMap<object, string>();

/**
 * Decrypts an SM2 C1C3C2 hex cipher made with the platform's public key (sm-crypto-v2
 * `doEncrypt(plain, publicKeyHex, 1)`); a leading "04" on C1, which some clients add, is
 * accepted. Anything that does not decrypt to UTF-8 text is PASSWORD_CIPHER_INVALID.
 */
export function decryptPasswordCipher(ctx: Pick<SandboxContext, 'platformKeys'>, cipherHex: string): string {
  let keyHex = privateKeys.get(ctx.platformKeys);
  if (!keyHex) {
    keyHex = privateKeyHex(ctx.platformKeys.privateKey);
    privateKeys.set(ctx.platformKeys, keyHex);
  }
  const hex = cipherHex.trim().toLowerCase();
  // C1 (64 bytes) + C3 (32 bytes) + at least one byte; a password cipher is never large.
  if (!/^[0-9a-f]+$/.test(hex) || hex.length % 2 !== 0 || hex.length < 194 || hex.length > 1024) {
    throw new PlatformRefusal('PASSWORD_CIPHER_INVALID', '密码密文格式错误');
  }
  const candidates = hex.startsWith('04') ? [hex, hex.slice(2)] : [hex];
  for (const candidate of candidates) {
    let bytes: Uint8Array;
    try {
      bytes = sm2.doDecrypt(candidate, keyHex, 1, { output: 'array' });
    } catch {
      continue; // C1 not on the curve: try the next reading, then give up
    }
    const text = bytes.length > 0 ? utf8Decode(bytes) : undefined;
    if (text) return text;
  }
  throw new PlatformRefusal('PASSWORD_CIPHER_INVALID', '密码密文无法解密，请使用平台公钥加密');
}

// ---- the rules -----------------------------------------------------------------------

export function assertPasswordFormat(plain: string): void {
  if (!/^\d{6}$/.test(plain)) throw new PlatformRefusal('PASSWORD_FORMAT', '支付密码须为6位数字');
}

/** The shared rules (the phone applies the same ones), in the platform's words. */
export function weakPasswordReason(plain: string, birthDate: string | undefined): string | undefined {
  const reason = sharedWeakPasswordReason(plain, birthDate);
  return reason && WEAK_PASSWORD_MESSAGES[reason];
}

// ---- hashing -------------------------------------------------------------------------

function derive(plain: string, salt: Buffer, cost: typeof COST): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** cost.logN, r: cost.r, p: cost.p, maxmem: 64 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(plain, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** PHC-style: `$scrypt$ln=14,r=8,p=1$<salt b64>$<key b64>` — the cost travels with the hash. */
export function formatHash(cost: typeof COST, salt: Buffer, key: Buffer): string {
  return `$scrypt$ln=${cost.logN},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function parseHash(stored: string): { cost: typeof COST; salt: Buffer; key: Buffer } {
  const match = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!match) throw new Error('stored password hash is not in the scrypt format');
  const [, logN, r, p, salt = '', key = ''] = match;
  return {
    cost: { logN: Number(logN), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt, 'base64'),
    key: Buffer.from(key, 'base64'),
  };
}

async function hashPassword(ctx: Ctx, plain: string): Promise<{ hash: string; salt: string }> {
  const salt = Buffer.from(ctx.random(SALT_BYTES));
  const key = await derive(plain, salt, COST);
  return { hash: formatHash(COST, salt, key), salt: salt.toString('base64') };
}

// ---- operations ----------------------------------------------------------------------

/**
 * Sets (or replaces) a person's password after the format and weakness rules; resets the
 * failure count. With `onlyIfAbsent` it never replaces one and answers whether it wrote.
 */
export async function setPassword(
  ctx: Ctx,
  psnNo: string,
  plain: string,
  options: { onlyIfAbsent?: boolean } = {},
): Promise<boolean> {
  assertPasswordFormat(plain);
  const birthDate = sql(ctx).birthDate.get(psnNo);
  if (birthDate === undefined) throw new PlatformRefusal('PERSON_NOT_FOUND', '未找到该人员的参保信息');
  const reason = weakPasswordReason(plain, birthDate);
  if (reason) throw new PlatformRefusal('PASSWORD_WEAK', `密码过于简单：${reason}，请重新设置`);
  const { hash, salt } = await hashPassword(ctx, plain);
  const statement = options.onlyIfAbsent ? sql(ctx).insertIfAbsent : sql(ctx).upsert;
  return statement.run({ psnNo, hash, salt, at: isoNow(ctx) }).changes > 0;
}

/** Failures counted today (Beijing day); yesterday's count no longer matters. */
function failuresToday(row: PasswordRow, today: string): number {
  return row.failedDay === today ? row.failedCount : 0;
}

export function passwordState(ctx: Ctx, psnNo: string): { set: boolean; remaining: number; locked: boolean } {
  const row = sql(ctx).row.get(psnNo);
  if (!row) return { set: false, remaining: MAX_PASSWORD_TRIES, locked: false };
  const remaining = Math.max(0, MAX_PASSWORD_TRIES - failuresToday(row, chinaDay(ctx.now())));
  return { set: true, remaining, locked: remaining === 0 };
}

/**
 * One person's verdicts are given one after another, in the order the checks came in (per
 * database; the sandbox is one process), while their slow hashes run side by side. A check
 * in flight is neither a failure nor a success yet: a check that judged the count while
 * others were hashing would judge by guesses (five right passwords in flight locked out a
 * sixth; a right one gave back tries that wrong ones sent with it had not yet counted).
 * In turn, each verdict sees what every earlier one left, as if they had run one by one.
 */
const queues = new WeakMap<Ctx['db'], Map<string, Promise<unknown>>>();

function inTurn<T>(ctx: Ctx, psnNo: string, verdict: () => Promise<T>): Promise<T> {
  let queue = queues.get(ctx.db);
  if (!queue) {
    queue = new Map();
    queues.set(ctx.db, queue);
  }
  const turn = (queue.get(psnNo) ?? Promise.resolve()).then(verdict);
  const done = turn.then(
    () => undefined,
    () => undefined,
  );
  queue.set(psnNo, done);
  void done.then(() => {
    if (queue.get(psnNo) === done) queue.delete(psnNo);
  });
  return turn;
}

async function matches(plain: string, storedHash: string): Promise<boolean> {
  const stored = parseHash(storedHash);
  const candidate = await derive(plain, stored.salt, stored.cost);
  // Same length by construction; timingSafeEqual so the comparison leaks nothing.
  return candidate.length === stored.key.length && timingSafeEqual(candidate, stored.key);
}

/**
 * Checks a password. A password locked today answers `locked`, also when the lock was
 * reached by checks that came in earlier while this one was hashing, so a burst of guesses
 * learns no more than the day's five verdicts; a wrong one counts one try; a right one gives
 * back the tries counted before it.
 */
export async function verifyPassword(ctx: Ctx, psnNo: string, plain: string): Promise<VerifyResult> {
  const statements = sql(ctx);
  const row = statements.row.get(psnNo);
  if (!row) throw new PlatformRefusal('PASSWORD_NOT_SET', '尚未设置医保支付密码');
  const locked = (current: PasswordRow) => failuresToday(current, chinaDay(ctx.now())) >= MAX_PASSWORD_TRIES;
  if (locked(row)) return { ok: false, remaining: 0, locked: true };

  // Hashed now, judged in turn; a rejection is seen when the turn awaits it.
  const hashing = matches(plain, row.hash);
  hashing.catch(() => undefined);
  return inTurn(ctx, psnNo, async (): Promise<VerifyResult> => {
    let ok = await hashing;
    let current = statements.row.get(psnNo);
    if (current && current.hash !== row.hash) {
      // Set anew while this check waited: compare against the password now in force.
      ok = await matches(plain, current.hash);
      current = statements.row.get(psnNo);
    }
    // From this read to the write nothing awaits, so nothing else can write in between.
    if (!current) throw new PlatformRefusal('PASSWORD_NOT_SET', '尚未设置医保支付密码');
    if (locked(current)) return { ok: false, remaining: 0, locked: true };
    if (ok) {
      statements.clearFailures.run(psnNo);
      return { ok: true };
    }
    const today = chinaDay(ctx.now());
    const failures = statements.countFailure.get(today, today, psnNo) ?? MAX_PASSWORD_TRIES;
    const remaining = Math.max(0, MAX_PASSWORD_TRIES - failures);
    return { ok: false, remaining, locked: remaining === 0 };
  });
}

/** The refusal a channel operation gives for a failed verification. */
export function passwordRefusal(result: Extract<VerifyResult, { ok: false }>): PlatformRefusal {
  return result.locked
    ? new PlatformRefusal('PASSWORD_LOCKED', '支付密码错误次数过多，今日已锁定，请明日再试')
    : new PlatformRefusal('PASSWORD_WRONG', `支付密码错误，今日还可尝试${result.remaining}次`);
}
