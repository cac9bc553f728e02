// The system under test, as `npm start` runs it: the insurance sandbox, the fake WeChat
// (subscribe messages for bills; the other benchmarked paths never call it) and the BFF,
// each in its own Node process (so none borrows another's event loop or the load
// generator's), on 127.0.0.1, with a fresh data folder under the OS temp dir that is
// removed at the end. No Alipay fake: every bench person signed in with WeChat.
//
// Before the processes start, the data folder is prepared directly through the same
// modules the processes use: the demo keys, the seeded sandbox database plus bench
// persons (activated vouchers and a funded personal account; the payers also get their
// voucher password through the platform's own setPassword), and the BFF database with
// one WeChat binding and one session per person. Once the fake WeChat runs, each bill
// person grants a long-term subscription there, as the pay page asks for on a phone.
// Nothing is weakened: the BFF keeps its 30-codes-a-minute limit per person; the bench
// spreads its load over enough persons.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

import Database from 'better-sqlite3';

import { openDatabase } from '../../bff/sandbox/lib/sqlite';
import { secureRandom } from '../../bff/sandbox/insurance/context';
import { setPassword } from '../../bff/sandbox/insurance/domain/password';
import {
  DEMO_CHANNEL_IDS,
  demoChannel,
  ensureDemoKeys,
  type DemoKeys,
} from '../../bff/sandbox/insurance/keys';
import { MIGRATIONS } from '../../bff/sandbox/insurance/migrations';
import { ensureBffDemoSecrets } from '../../bff/scripts/demo-secrets';
import { SERVER_NODE_FLAGS } from '../../bff/scripts/node-flags';
import { residentId, seedDemoData } from '../../bff/sandbox/insurance/seed';
import { ensureWechatDemoApp } from '../../bff/sandbox/wechat/demo-app';
import { createBindingStore } from '../../bff/src/store/bindings';
import { openBffDatabase } from '../../bff/src/store/db';
import { createSessionStore } from '../../bff/src/store/sessions';
import { freePort } from '../support/system';
import { percentile } from './load';

const ROOT = path.resolve(__dirname, '..', '..');
const HOST = '127.0.0.1';

/** A bench person: an activated employee in 绥化 with a funded personal account and a session. */
export interface BenchPerson {
  psnNo: string;
  /** The WeChat openid of the person's binding (where bill pushes go). */
  openid: string;
  token: string;
}

export interface ChildHandle {
  name: string;
  pid: number;
  url: string;
  child: ChildProcess;
  output: string[];
}

export interface BenchSystem {
  dataDir: string;
  keys: DemoKeys;
  bff: ChildHandle;
  insurance: ChildHandle;
  wechat: ChildHandle;
  /** The BFF's SQLite file (the bench reads the push outbox from it, read-only). */
  bffDbFile: string;
  /** The sandbox's SQLite file (outbox and settlements read; data-growth rows written). */
  insuranceDbFile: string;
  /** For the code-issue runs. */
  codePersons: BenchPerson[];
  /** For the counter runs (kept apart so the two runs never share a person's rate limit). */
  scanPersons: BenchPerson[];
  /** Hospitals bill these (fan-out); each granted a long-term subscription on the fake WeChat. */
  billPersons: BenchPerson[];
  /** The first `payers` of billPersons, whose voucher password is PAY_PASSWORD. */
  payers: BenchPerson[];
  stop(): Promise<void>;
}

/** The payers' voucher password (six digits, not weak for any bench birth date). */
export const PAY_PASSWORD = '358024';

/** Where the sandbox keeps its database under a data folder (as npm start lays it out). */
const insuranceDbIn = (dataDir: string) => path.join(dataDir, 'insurance', 'insurance.sqlite');

const BENCH_REGION = '231200'; // 绥化: the demo pharmacies that take the e-voucher are here.
const BALANCE_FEN = 10_000_00; // 10 000 yuan: far more than a bench run can spend.

/** psnNo = region + 8 digits, starting at 9xxxxxxx to stay clear of the demo personas. */
const benchPsnNo = (index: number) => `${BENCH_REGION}${90_000_000 + index}`;

/** Adds `count` activated employees to the sandbox database (after the demo seed). */
function seedBenchPersons(dbFile: string, count: number, appId: string): string[] {
  const db = openDatabase(dbFile, MIGRATIONS);
  try {
    seedDemoData({ db, now: Date.now });
    const at = new Date().toISOString();
    const person = db.prepare(
      `INSERT INTO persons (psn_no, name, gender, birth_date, nationality, phone, region_code, created_at)
       VALUES (?, ?, '1', ?, 'CHN', NULL, ?, ?)`,
    );
    const document = db.prepare(
      "INSERT INTO person_documents (psn_no, doc_type, doc_number) VALUES (?, 'resident_id', ?)",
    );
    const insurance = db.prepare(
      `INSERT INTO insurance_records (psn_no, insutype, psn_type, status, insured_date, suspended_date,
         region_code, emp_name, cvlserv_flag)
       VALUES (?, '310', '11', 'active', '2015-01-01', NULL, ?, '绥化市压测单位', 0)`,
    );
    const account = db.prepare('INSERT INTO accounts (psn_no, balance_fen, updated_at) VALUES (?, ?, ?)');
    const contribution = db.prepare(
      `INSERT INTO ledger (psn_no, kind, amount_fen, ref_type, ref_id, memo, created_at)
       VALUES (?, 'contribution', ?, 'seed', 'bench', '压测个人账户划入', ?)`,
    );
    const voucher = db.prepare(
      `INSERT INTO vouchers (psn_no, app_id, platform_user_id, status, started_at, activated_at)
       VALUES (?, ?, ?, 'active', ?, ?)`,
    );
    const psnNos: string[] = [];
    db.transaction(() => {
      for (let i = 0; i < count; i += 1) {
        const psnNo = benchPsnNo(i);
        const birthDate = `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`;
        person.run(psnNo, `压测${i}`, birthDate, BENCH_REGION, at);
        document.run(psnNo, residentId('231202', birthDate, String(100 + (i % 900)).padStart(3, '0')));
        insurance.run(psnNo, BENCH_REGION);
        account.run(psnNo, BALANCE_FEN, at);
        contribution.run(psnNo, BALANCE_FEN, at);
        voucher.run(psnNo, appId, `bench-openid-${i}`, at, at);
        psnNos.push(psnNo);
      }
    })();
    return psnNos;
  } finally {
    db.close();
  }
}

/** The BFF side of activation for each person: a WeChat binding and a live session. */
function createBffSessions(dbFile: string, psnNos: string[]): BenchPerson[] {
  const db = openBffDatabase(dbFile);
  try {
    const bindings = createBindingStore(db);
    const sessions = createSessionStore(db, Date.now);
    return db.transaction(() =>
      psnNos.map((psnNo, i) => {
        const platformUserId = `bench-openid-${i}`;
        bindings.save({
          channel: 'wechat',
          platformUserId,
          psnNo,
          maskedName: '压*',
          maskedIdNumber: '231***********0000',
          insutype: '310',
          regionName: '绥化市',
          activatedAt: Date.now(),
        });
        const { token } = sessions.create({ platform: 'weapp', channel: 'wechat', platformUserId });
        return { psnNo, openid: platformUserId, token };
      }),
    )();
  } finally {
    db.close();
  }
}

/**
 * Sets the voucher password of each payer through the sandbox's own setPassword (the
 * format and weakness rules, a salted scrypt hash at the platform's cost, N = 2^14): what
 * activation.finish stores. ≈ 50 ms of scrypt each, on libuv's pool; only the payers.
 */
async function setPayPasswords(dbFile: string, psnNos: string[], keys: DemoKeys): Promise<void> {
  const db = openDatabase(dbFile, MIGRATIONS);
  try {
    const ctx = { db, now: Date.now, random: secureRandom, platformKeys: keys.platform };
    await Promise.all(psnNos.map((psnNo) => setPassword(ctx, psnNo, PAY_PASSWORD)));
  } finally {
    db.close();
  }
}

/** As the person accepting wx.requestSubscribeMessage with 长期订阅: pushes never run out. */
async function grantSubscriptions(wechatUrl: string, openids: string[]): Promise<void> {
  for (const openid of openids) {
    const response = await fetch(`${wechatUrl}/dev/subscription`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid, long_term: true }),
    });
    if (!response.ok) throw new Error(`subscription for ${openid}: HTTP ${response.status}`);
  }
}

/** Starts a TypeScript entry under `node --import tsx` (flags as npm start) and waits for its ready line. */
function startProcess(
  name: string,
  entry: string,
  env: Record<string, string>,
  readyPrefix: string,
  extraNodeArgs: string[],
): Promise<ChildHandle> {
  const flags = [...SERVER_NODE_FLAGS, ...extraNodeArgs];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', path.join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const output: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} not ready in 60 s:\n${output.join('\n')}`)),
      60_000,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(readyPrefix)) {
        clearTimeout(timer);
        resolve({ name, pid: child.pid!, url: line.slice(readyPrefix.length).trim(), child, output });
      } else output.push(line);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${output.join('\n')}`));
    });
  });
}

/** Every child this module started and that has not exited yet. */
const live = new Set<ChildProcess>();

/** Data folders this module made and has not removed yet. */
const dataDirs = new Set<string>();

/** Last resort when the bench itself dies: never leave a server or a data folder behind. */
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function startBenchSystem(options: {
  codePersons: number;
  scanPersons: number;
  billPersons: number;
  /** How many of the bill persons get a voucher password (each costs one scrypt hash). */
  payers: number;
  /** Extra node flags for the servers, e.g. ['--cpu-prof', '--cpu-prof-dir=…'] (BENCH_PROFILE). */
  nodeArgs?: string[];
}): Promise<BenchSystem> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ybm-bench-'));
  dataDirs.add(dataDir);
  const stop = async () => {
    await Promise.all([...live].map(stopChild));
    rmSync(dataDir, { recursive: true, force: true });
    dataDirs.delete(dataDir);
  };
  try {
    const keys = ensureDemoKeys(dataDir);
    const wechat = demoChannel(keys, DEMO_CHANNEL_IDS.wechat);
    const total = options.codePersons + options.scanPersons + options.billPersons;
    const insuranceDb = insuranceDbIn(dataDir);
    const psnNos = seedBenchPersons(insuranceDb, total, wechat.appId);
    const billFrom = options.codePersons + options.scanPersons;
    await setPayPasswords(insuranceDb, psnNos.slice(billFrom, billFrom + options.payers), keys);
    const bffDb = path.join(dataDir, 'bff', 'bff.sqlite');
    const persons = createBffSessions(bffDb, psnNos);
    // The same pair the fake WeChat reads at start (as npm start hands it to both).
    ensureWechatDemoApp(dataDir);

    const bffPort = await freePort();
    const nodeArgs = options.nodeArgs ?? [];
    const wechatStarting = startProcess(
      'wechat',
      'bff/sandbox/wechat/main.ts',
      { YBM_DATA_DIR: dataDir, WECHAT_HOST: HOST, WECHAT_PORT: '0' },
      'YBM_WECHAT_LISTENING',
      nodeArgs,
    );
    // Rejections are awaited below; do not let this one go unhandled meanwhile.
    wechatStarting.catch(() => undefined);
    const insurance = await startProcess(
      'insurance',
      'bff/sandbox/insurance/main.ts',
      {
        YBM_DATA_DIR: dataDir,
        INSURANCE_HOST: HOST,
        INSURANCE_PORT: '0',
        // As npm start: scan, settlement and bill events are pushed to the BFF's webhook.
        INSURANCE_WEBHOOK_URL: `http://${HOST}:${bffPort}/webhooks/insurance`,
      },
      'YBM_INSURANCE_LISTENING',
      nodeArgs,
    );
    const wechatFake = await wechatStarting;
    const bff = await startProcess(
      'bff',
      'bff/src/main.ts',
      benchBffEnv(
        { dataDir, keys, wechatUrl: wechatFake.url, insuranceUrl: insurance.url, port: bffPort },
        {
          BFF_DB_FILE: bffDb,
        },
      ),
      'YBM_BFF_LISTENING',
      nodeArgs,
    );
    const billPersons = persons.slice(billFrom);
    await grantSubscriptions(
      wechatFake.url,
      billPersons.map((person) => person.openid),
    );
    return {
      dataDir,
      keys,
      bff,
      insurance,
      wechat: wechatFake,
      bffDbFile: bffDb,
      insuranceDbFile: insuranceDb,
      codePersons: persons.slice(0, options.codePersons),
      scanPersons: persons.slice(options.codePersons, billFrom),
      billPersons,
      payers: billPersons.slice(0, options.payers),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The bench BFF's environment as a production process gets it: the sandbox's channel keys,
 * the fake WeChat for pushes, `storage` (BFF_DB_FILE, or DATABASE_URL and REDIS_URL).
 */
function benchBffEnv(
  where: { dataDir: string; keys: DemoKeys; wechatUrl: string; insuranceUrl: string; port: number },
  storage: Record<string, string>,
): Record<string, string> {
  const wechat = demoChannel(where.keys, DEMO_CHANNEL_IDS.wechat);
  const alipay = demoChannel(where.keys, DEMO_CHANNEL_IDS.alipay);
  const wechatApp = ensureWechatDemoApp(where.dataDir);
  return {
    NODE_ENV: 'production',
    // One access-log line per request at 'info'; the bench reads 'warn' and above only.
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    BFF_HOST: HOST,
    BFF_PORT: String(where.port),
    ...storage,
    PHONE_HASH_KEY: ensureBffDemoSecrets(where.dataDir).phoneHashKey,
    RECORD_ID_KEY: ensureBffDemoSecrets(where.dataDir).recordIdKey,
    // Bill pushes (subscribe messages) go to the fake WeChat.
    WECHAT_API_BASE: where.wechatUrl,
    WECHAT_APP_ID: wechatApp.appId,
    WECHAT_APP_SECRET: wechatApp.appSecret,
    INSURANCE_BASE_URL: where.insuranceUrl,
    INSURANCE_SM2_USER_ID: wechat.sm2UserId,
    INSURANCE_PLATFORM_PUBLIC_KEY: where.keys.platform.publicKey,
    INSURANCE_WECHAT_APP_ID: wechat.appId,
    INSURANCE_WECHAT_APP_SECRET: wechat.appSecret,
    INSURANCE_WECHAT_PRIVATE_KEY: wechat.keys.privateKey,
    INSURANCE_WECHAT_PUBLIC_KEY: wechat.keys.publicKey,
    INSURANCE_ALIPAY_APP_ID: alipay.appId,
    INSURANCE_ALIPAY_APP_SECRET: alipay.appSecret,
    INSURANCE_ALIPAY_PRIVATE_KEY: alipay.keys.privateKey,
    INSURANCE_ALIPAY_PUBLIC_KEY: alipay.keys.publicKey,
  };
}

/**
 * One more BFF process on the bench's sandbox and fake WeChat (issue 25's scaled instances):
 * `storage` says where it keeps its state; it listens on `port`.
 */
export function startBenchBff(
  system: BenchSystem,
  options: { name: string; port: number; storage: Record<string, string>; env?: Record<string, string> },
): Promise<ChildHandle> {
  const env = benchBffEnv(
    {
      dataDir: system.dataDir,
      keys: system.keys,
      wechatUrl: system.wechat.url,
      insuranceUrl: system.insurance.url,
      port: options.port,
    },
    options.storage,
  );
  return startProcess(options.name, 'bff/src/main.ts', { ...env, ...options.env }, 'YBM_BFF_LISTENING', []);
}

/** Resident set size of a process in bytes (Linux /proc), or NaN where unavailable. */
export function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc), or NaN. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    return (ticks / 100) * 1000; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

/** CPU time (ms) all cores of the machine have spent busy so far, steal included (Linux /proc/stat). */
export function machineBusyMs(): number {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const [user, nice, system, _idle, _iowait, irq, softirq, steal] = fields.map(Number);
    return (
      (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100) * 1000
    );
  } catch {
    return Number.NaN;
  }
}

export interface EventDelivery {
  created: number;
  delivered: number;
  /** Not yet delivered when measured. */
  pending: number;
  /** created_at → delivered_at of the delivered ones. */
  lagP50Ms: number;
  lagP99Ms: number;
  /** Deliveries per second between `since` and the measurement. */
  deliveredPerSec: number;
}

/**
 * How the sandbox's outbox kept up with the events (code.scanned, code.verified,
 * settlement.completed) created since `since`: what reached the BFF's webhook and how late.
 */
export function eventDelivery(dataDir: string, since: Date): EventDelivery {
  const db = new Database(insuranceDbIn(dataDir), { readonly: true });
  try {
    const rows = db
      .prepare(
        'SELECT created_at AS createdAt, delivered_at AS deliveredAt FROM events WHERE created_at >= ?',
      )
      .all(since.toISOString()) as { createdAt: string; deliveredAt: string | null }[];
    const lags = rows
      .filter((row) => row.deliveredAt !== null)
      .map((row) => Date.parse(row.deliveredAt!) - Date.parse(row.createdAt));
    return {
      created: rows.length,
      delivered: lags.length,
      pending: rows.length - lags.length,
      lagP50Ms: percentile(lags, 50),
      lagP99Ms: percentile(lags, 99),
      deliveredPerSec: (lags.length / (Date.now() - since.getTime())) * 1000,
    };
  } finally {
    db.close();
  }
}

/** Waits until the sandbox's outbox has nothing left to deliver, or the time is up. */
export async function waitForOutbox(
  dataDir: string,
  timeoutMs: number,
): Promise<{ waitedMs: number; pending: number }> {
  const db = new Database(insuranceDbIn(dataDir), { readonly: true });
  const count = db.prepare('SELECT count(*) FROM events WHERE delivered_at IS NULL').pluck();
  const started = performance.now();
  try {
    let pending = count.get() as number;
    while (pending > 0 && performance.now() - started < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      pending = count.get() as number;
    }
    return { waitedMs: performance.now() - started, pending };
  } finally {
    db.close();
  }
}
