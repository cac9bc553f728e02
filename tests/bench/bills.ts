// In-consultation bills (issue 6; method: ../../shared/BENCHMARKS.md).
//
// Fan-out: hospitals upload N bills with 6201 (the demo HIS channel, GM envelope, a few
// connections at once, back to back); the sandbox queues bill.created, its dispatcher
// pushes each to the BFF's webhook, the BFF stores the bill, the inbox row and one push
// row per bound user, and its push dispatcher sends each as a WeChat subscribe message to
// the fake WeChat. Timed from the first 6201 sent to the N-th push the fake accepted (its
// own `sentAt`, read once at the end); the bench polls only a count in the BFF's SQLite
// (read-only) to know when to stop. Each bill's path is then split in three from the
// stores' own timestamps: 6201 stored → webhook acknowledged (sandbox outbox), webhook
// stored → push accepted (BFF push outbox), and 6201 answered → push accepted.
//
// Payments: K payers, each paying their own bills one after another through the BFF
// (POST /api/v1/bills/:id/pay → payauth.issue with the password's scrypt verify, then
// 6202), for a warm-up and a window → payments/s and p50/p99; then payments on a fixed
// schedule at half that rate over the same payers → p50/p99 when not saturated. The
// password cipher is made as the phone makes it (SM2 with the platform key), one fresh
// cipher per payment, before the timing starts: the phone's CPU is not the server's.
// measureScrypt() prices the password check on its own, to say how much of a payment it is.
import { scrypt, scryptSync } from 'node:crypto';

import Database from 'better-sqlite3';
import { fenToYuan } from '@ybm/shared';
import { createEnvelopeCodec, publicKeyHex, type Sm2KeyPair } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import { PATHS } from '@ybm/shared/protocol';
import { sm2 } from 'sm-crypto-v2';

import { hisChannel } from '../../bff/sandbox/counter/setup';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS } from '../../bff/sandbox/insurance/seed';
import { isOk, openLoop, percentile, type HttpClient } from './load';
import { createRawHttpClient } from './raw-http';
import { PAY_PASSWORD, type BenchPerson } from './setup';

/** A hospital visit: consultation, blood test and a 丙 item (so there is a cash part too). */
const ITEMS = [DEMO_CATALOGUE.consultation, DEMO_CATALOGUE.bloodTest, DEMO_CATALOGUE.classC];
const TOTAL_FEN = ITEMS.reduce((sum, item) => sum + item.priceFen, 0);

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface UploadedBill {
  psnNo: string;
  billId: string;
  /** performance.now() when the request left and when its answer was opened. */
  sentAt: number;
  answeredAt: number;
  /** Date.now() at the answer, to compare with the stores' wall-clock timestamps. */
  answeredWall: number;
}

export interface UploadRun {
  bills: UploadedBill[];
  errors: number;
  firstErrors: string[];
  /** First request sent → last answer, ms. */
  elapsedMs: number;
}

/** A hospital HIS on the demo HIS channel, uploading bills with 6201 over `connections` sockets. */
export function createHospital(options: { insuranceUrl: string; dataDir: string; connections: number }) {
  const channel = hisChannel({ YBM_DATA_DIR: options.dataDir });
  const codec = createEnvelopeCodec({ primitives: nodePrimitives });
  const http = createRawHttpClient(options.insuranceUrl, { maxSockets: options.connections });
  const find = (appId: string) => (appId === channel.appId ? channel : undefined);
  const run = `${Date.now().toString(36)}`.toUpperCase();
  let serial = 0;

  async function upload(psnNo: string): Promise<UploadedBill> {
    serial += 1;
    const data = {
      orgCodg: DEMO_INSTITUTIONS.hospital,
      medOrgOrd: `BENCH${run}${String(serial).padStart(6, '0')}`,
      psnNo,
      deptName: '普通内科',
      drName: '李医生',
      medfeeSumamt: fenToYuan(TOTAL_FEN),
      feedetail: ITEMS.map((item, i) => ({
        feedetlSn: `F${i + 1}`,
        medListCodg: item.code,
        cnt: 1,
        pric: fenToYuan(item.priceFen),
        detItemFeeSumamt: fenToYuan(item.priceFen),
      })),
    };
    const sentAt = performance.now();
    const answer = await http.post(PATHS.uploadFees, codec.seal(channel, data));
    const body = JSON.parse(answer.body || '{}') as Record<string, unknown>;
    if (!body.encData) throw new Error(`6201 → HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
    const opened = codec.open(body, find) as { code?: string; message?: string; data?: unknown };
    const billId = (opened.data as { payOrdId?: unknown } | undefined)?.payOrdId;
    if (opened.code !== '0' || typeof billId !== 'string') {
      throw new Error(`6201 → ${opened.code} ${opened.message ?? ''}`);
    }
    return { psnNo, billId, sentAt, answeredAt: performance.now(), answeredWall: Date.now() };
  }

  return {
    /** One bill per entry of psnNos, `connections` at a time, back to back. */
    async uploadAll(psnNos: readonly string[]): Promise<UploadRun> {
      const bills: UploadedBill[] = [];
      const firstErrors: string[] = [];
      let errors = 0;
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: options.connections }, async () => {
          while (next < psnNos.length) {
            const psnNo = psnNos[next++]!;
            try {
              bills.push(await upload(psnNo));
            } catch (error) {
              errors += 1;
              if (firstErrors.length < 5) firstErrors.push(errorText(error));
            }
          }
        }),
      );
      return { bills, errors, firstErrors, elapsedMs: performance.now() - started };
    },
    close: () => http.close(),
  };
}

export type Hospital = ReturnType<typeof createHospital>;

/** `perPerson` bills for each person, interleaved (person 0, 1, …, 0, 1, …) as visits would be. */
export function billPlan(persons: readonly BenchPerson[], perPerson: number): string[] {
  return Array.from({ length: perPerson * persons.length }, (_, i) => persons[i % persons.length]!.psnNo);
}

export interface Lag {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Throughput of this stage: count ÷ (last − first completion), per second. */
  perSec: number;
}

function lagOf(pairs: { from: number; to: number }[]): Lag {
  const lags = pairs.map((p) => p.to - p.from);
  const ends = pairs.map((p) => p.to);
  const span = ends.length > 1 ? Math.max(...ends) - Math.min(...ends) : Number.NaN;
  return {
    count: pairs.length,
    p50Ms: percentile(lags, 50),
    p99Ms: percentile(lags, 99),
    maxMs: lags.length ? Math.max(...lags) : Number.NaN,
    perSec: (pairs.length / span) * 1000,
  };
}

export interface FanOutResult {
  bills: number;
  persons: number;
  connections: number;
  uploaded: number;
  uploadErrors: number;
  firstErrors: string[];
  /** First 6201 sent → last 6201 answered. */
  uploadMs: number;
  uploadsPerSec: number;
  uploadP50Ms: number;
  uploadP99Ms: number;
  /** Pushes the fake WeChat accepted for these bills. */
  pushed: number;
  /** Final states of the BFF's push rows for these bills (sent, refused, failed, …). */
  outcomes: Record<string, number>;
  /** First 6201 sent → last push accepted; NaN when not every bill was pushed in time. */
  totalMs: number;
  /** First 6201 sent → first push accepted. */
  firstPushMs: number;
  /** The bench gave up waiting for the pushes (timeoutMs after the last upload). */
  timedOut: boolean;
  /** 6201 stored (sandbox events.created_at) → acknowledged by the BFF webhook (delivered_at). */
  webhook: Lag;
  /**
   * Webhook stored the push row (BFF notifications.created_at) → the BFF had WeChat's ok
   * (notifications.sent_at): the BFF's push outbox alone.
   */
  push: Lag;
  /** 6201 answered to the hospital → push accepted by the fake WeChat (its sentAt). */
  endToEnd: Lag;
}

/**
 * Uploads `perPerson` bills for each person and waits (≤ timeoutMs after the last upload)
 * until the BFF's push outbox has a final state for every one of them.
 */
export async function fanOut(options: {
  hospital: Hospital;
  persons: readonly BenchPerson[];
  perPerson: number;
  connections: number;
  insuranceDbFile: string;
  bffDbFile: string;
  wechatUrl: string;
  timeoutMs: number;
  onWindow?: (edge: 'start' | 'end') => void;
}): Promise<{ figures: FanOutResult; bills: UploadedBill[] }> {
  const bff = new Database(options.bffDbFile, { readonly: true });
  try {
    const baseline = bff.prepare('SELECT COALESCE(MAX(id), 0) FROM notifications').pluck().get() as number;
    const finished = bff
      .prepare("SELECT count(*) FROM notifications WHERE id > ? AND status NOT IN ('pending', 'sending')")
      .pluck();
    const plan = billPlan(options.persons, options.perPerson);

    options.onWindow?.('start');
    const wall0 = Date.now();
    const uploads = await options.hospital.uploadAll(plan);
    // One push row per bill (each person has one binding); poll a count, cheaply.
    const waitUntil = performance.now() + options.timeoutMs;
    let done = finished.get(baseline) as number;
    while (done < uploads.bills.length && performance.now() < waitUntil) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      done = finished.get(baseline) as number;
    }
    options.onWindow?.('end');
    const timedOut = done < uploads.bills.length;

    // The fake's own record of what it accepted, read once.
    const response = await fetch(`${options.wechatUrl}/dev/messages`);
    const { messages } = (await response.json()) as { messages: { page?: string; sentAt: string }[] };
    const pushedAt = new Map<string, number>();
    for (const message of messages) {
      const billId = /billId=([A-Za-z0-9]+)/.exec(message.page ?? '')?.[1];
      if (billId) pushedAt.set(billId, Date.parse(message.sentAt));
    }
    const ours = uploads.bills.filter((bill) => pushedAt.has(bill.billId));
    const pushTimes = ours.map((bill) => pushedAt.get(bill.billId)!);

    const outcomes = Object.fromEntries(
      (
        bff
          .prepare('SELECT status, count(*) AS n FROM notifications WHERE id > ? GROUP BY status')
          .all(baseline) as { status: string; n: number }[]
      ).map((row) => [row.status, row.n]),
    );
    const pushRows = bff
      .prepare('SELECT created_at AS createdAt, sent_at AS sentAt FROM notifications WHERE id > ?')
      .all(baseline) as { createdAt: number; sentAt: number | null }[];

    const insurance = new Database(options.insuranceDbFile, { readonly: true });
    let webhookRows: { createdAt: string; deliveredAt: string | null }[];
    try {
      webhookRows = insurance
        .prepare(
          `SELECT created_at AS createdAt, delivered_at AS deliveredAt FROM events
           WHERE type = 'bill.created' AND created_at >= ?`,
        )
        .all(new Date(wall0).toISOString()) as typeof webhookRows;
    } finally {
      insurance.close();
    }

    const uploadTimes = uploads.bills.map((bill) => bill.answeredAt - bill.sentAt);
    const allPushed = !timedOut && ours.length === plan.length;
    const figures: FanOutResult = {
      bills: plan.length,
      persons: options.persons.length,
      connections: options.connections,
      uploaded: uploads.bills.length,
      uploadErrors: uploads.errors,
      firstErrors: uploads.firstErrors,
      uploadMs: uploads.elapsedMs,
      uploadsPerSec: (uploads.bills.length / uploads.elapsedMs) * 1000,
      uploadP50Ms: percentile(uploadTimes, 50),
      uploadP99Ms: percentile(uploadTimes, 99),
      pushed: ours.length,
      outcomes,
      totalMs: allPushed ? Math.max(...pushTimes) - wall0 : Number.NaN,
      firstPushMs: pushTimes.length ? Math.min(...pushTimes) - wall0 : Number.NaN,
      timedOut,
      webhook: lagOf(
        webhookRows
          .filter((row) => row.deliveredAt !== null)
          .map((row) => ({ from: Date.parse(row.createdAt), to: Date.parse(row.deliveredAt!) })),
      ),
      push: lagOf(
        pushRows
          .filter((row) => row.sentAt !== null)
          .map((row) => ({ from: row.createdAt, to: row.sentAt! })),
      ),
      endToEnd: lagOf(ours.map((bill) => ({ from: bill.answeredWall, to: pushedAt.get(bill.billId)! }))),
    };
    return { figures, bills: uploads.bills };
  } finally {
    bff.close();
  }
}

// ---- payments ------------------------------------------------------------------------

const SCRYPT = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export interface ScryptCost {
  /** One hash on one core, nothing else running (median of a few). */
  oneCoreMs: number;
  /**
   * Hashes per second with every core busy, through libuv's pool as the sandbox runs them
   * (4 threads by default): the most password checks, hence payments, this machine can do.
   */
  ceilingPerSec: number;
  /** Core-ms per hash at that ceiling (cores ÷ ceiling): what a payment's check really costs. */
  busyCoreMs: number;
}

/** scrypt at the platform's cost (N = 2^14, r = 8, p = 1), measured here while the servers idle. */
export async function measureScrypt(cores: number): Promise<ScryptCost> {
  scryptSync(PAY_PASSWORD, 'bench-warm-up', 32, SCRYPT);
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const began = performance.now();
    scryptSync(PAY_PASSWORD, `bench-salt-${i}`, 32, SCRYPT);
    times.push(performance.now() - began);
  }
  const hashes = 20 * cores;
  const began = performance.now();
  await Promise.all(
    Array.from(
      { length: hashes },
      (_, i) =>
        new Promise<void>((resolve, reject) =>
          scrypt(PAY_PASSWORD, `bench-pool-${i}`, 32, SCRYPT, (error) => (error ? reject(error) : resolve())),
        ),
    ),
  );
  const ceilingPerSec = (hashes / (performance.now() - began)) * 1000;
  return { oneCoreMs: percentile(times, 50), ceilingPerSec, busyCoreMs: (cores * 1000) / ceilingPerSec };
}

export interface PayRun {
  payers: number;
  windowMs: number;
  completed: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** A payer had no bill left before the window ended: the window was cut there. */
  ranOut: boolean;
}

export interface PayAtRate {
  rate: number;
  windowMs: number;
  sent: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Scheduled payments that found their payer without a bill (not sent, not timed). */
  skipped: number;
}

/** The payers' unpaid bills (known to the BFF), each with a fresh password cipher. */
export function createPayBench(options: {
  bff: HttpClient;
  payers: readonly BenchPerson[];
  platform: Sm2KeyPair;
}) {
  const publicKey = publicKeyHex(options.platform.publicKey);
  const queues = new Map<string, { billId: string; cipher: string }[]>(
    options.payers.map((payer) => [payer.psnNo, []]),
  );
  const firstErrors: string[] = [];
  let requests = 0;
  const run = Date.now().toString(36);

  async function pay(payer: BenchPerson, bill: { billId: string; cipher: string }): Promise<boolean> {
    requests += 1;
    const answer = await options.bff.post(
      `/api/v1/bills/${bill.billId}/pay`,
      { useAccount: true, passwordCipher: bill.cipher, requestId: `bench-${run}-${requests}-pay` },
      { authorization: `Bearer ${payer.token}` },
    );
    const status = isOk(answer) ? (JSON.parse(answer.body) as { status?: string }).status : undefined;
    const ok = status === 'paid' || status === 'awaiting_cash';
    if (!ok && firstErrors.length < 5) {
      firstErrors.push(`pay → HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
    }
    return ok;
  }

  return {
    /** Queues bills for payment (their payer must be one of `payers`); SM2 ciphers made now. */
    add(bills: readonly { psnNo: string; billId: string }[]): void {
      for (const bill of bills) {
        queues
          .get(bill.psnNo)
          ?.push({ billId: bill.billId, cipher: sm2.doEncrypt(PAY_PASSWORD, publicKey, 1) });
      }
    },
    /** Bills still unpaid per payer, fewest first. */
    left(): number {
      return Math.min(...[...queues.values()].map((queue) => queue.length));
    },

    /** Every payer pays its bills back to back; counts what completes inside the window. */
    async closed(run: {
      warmupMs: number;
      durationMs: number;
      onWindow?: (edge: 'start' | 'end') => void;
    }): Promise<PayRun> {
      const windowStart = performance.now() + run.warmupMs;
      let windowEnd = windowStart + run.durationMs;
      const samples: { done: number; ms: number; ok: boolean }[] = [];
      let ended = false;
      const end = () => {
        if (!ended) run.onWindow?.('end');
        ended = true;
      };
      const edges = [
        setTimeout(() => run.onWindow?.('start'), run.warmupMs),
        setTimeout(end, run.warmupMs + run.durationMs),
      ];
      let ranOut = false;
      await Promise.all(
        options.payers.map(async (payer) => {
          const queue = queues.get(payer.psnNo)!;
          while (performance.now() < windowEnd) {
            const bill = queue.shift();
            if (!bill) {
              // Fewer than K payers from here on: the window ends now.
              ranOut = true;
              windowEnd = Math.min(windowEnd, performance.now());
              return;
            }
            const began = performance.now();
            const ok = await pay(payer, bill);
            const done = performance.now();
            samples.push({ done, ms: done - began, ok });
          }
        }),
      );
      edges.forEach(clearTimeout);
      end();
      const counted = samples.filter((s) => s.done >= windowStart && s.done < windowEnd);
      const windowMs = Math.max(0, windowEnd - windowStart);
      const latencies = counted.map((s) => s.ms);
      return {
        payers: options.payers.length,
        windowMs,
        completed: counted.length,
        errors: counted.filter((s) => !s.ok).length,
        rps: (counted.length / windowMs) * 1000,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: latencies.length ? Math.max(...latencies) : Number.NaN,
        ranOut,
      };
    },

    /** One payment every 1/rate s, the payers in turn (each pays its next bill). */
    async open(run: { rate: number; durationMs: number }): Promise<PayAtRate> {
      // openLoop times every send, a skipped one too; the payments are timed here instead,
      // each from its own slot of the same schedule (openLoop's n-th send is due at
      // start + n/rate, start being when it is called).
      const interval = 1000 / run.rate;
      const latencies: number[] = [];
      let next = 0;
      let skipped = 0;
      const start = performance.now();
      const result = await openLoop({
        rate: run.rate,
        durationMs: run.durationMs,
        send: async () => {
          const scheduledAt = start + next * interval;
          const payer = options.payers[next++ % options.payers.length]!;
          const bill = queues.get(payer.psnNo)!.shift();
          if (!bill) {
            skipped += 1;
            return false;
          }
          const ok = await pay(payer, bill);
          latencies.push(performance.now() - scheduledAt);
          return ok;
        },
      });
      return {
        rate: run.rate,
        windowMs: run.durationMs,
        sent: result.sent - skipped,
        errors: result.errors - skipped,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: latencies.length ? Math.max(...latencies) : Number.NaN,
        skipped,
      };
    },
    /** The first few refused or failed payments, of every run so far. */
    firstErrors: () => [...firstErrors],
  };
}
