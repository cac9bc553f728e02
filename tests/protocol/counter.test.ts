// The counter (bff/sandbox/counter) against the sandbox, public protocol only: a code
// issued through the channel API is scanned, pre-settled, settled with a second code and
// shown as settled on the phone; the CLI does the same from a QR image in a child process.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createEnvelopeCodec } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import { PNG } from 'pngjs';
import qrcode from 'qrcode-generator';

import { createCounter, CounterError } from '../../bff/sandbox/counter/client';
import { testChannel } from '../support/keys';
import {
  DEMO_CATALOGUE,
  DEMO_INSTITUTIONS,
  HIS_APP_ID,
  PERSONAS,
  setupCounter,
  type Sandbox,
  type Loose,
} from './fsi-support';

const EMPLOYEE = PERSONAS.employee;
const BASKET = [
  { code: DEMO_CATALOGUE.classA.code, qty: 2, priceFen: DEMO_CATALOGUE.classA.priceFen },
  { code: DEMO_CATALOGUE.classB.code, qty: 1, priceFen: DEMO_CATALOGUE.classB.priceFen },
];
const BASKET_FEN = 2 * DEMO_CATALOGUE.classA.priceFen + DEMO_CATALOGUE.classB.priceFen;

function counterAt(sandbox: Sandbox, institution: string = DEMO_INSTITUTIONS.pharmacy) {
  return createCounter({
    baseUrl: sandbox.url,
    institution: { code: institution, name: '演示机构' },
    channel: sandbox.hisView,
    now: sandbox.now,
    seq: 0,
  });
}

describe('counter library', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await setupCounter();
  });
  afterEach(() => sandbox.close());

  it('takes a channel-issued code through both scans and the phone sees the amount', async () => {
    const before = sandbox.balance(EMPLOYEE.psnNo);
    const counter = counterAt(sandbox);
    const first = await sandbox.issueCode(EMPLOYEE.psnNo);
    const visit = await counter.scanIdentity(first, BASKET);
    expect(visit).toMatchObject({
      psnNo: EMPLOYEE.psnNo,
      name: EMPLOYEE.name,
      insutype: '310',
      insuplc: '231200',
    });
    expect(visit.preSettlement.totalFen).toBe(BASKET_FEN);
    expect(((await sandbox.channel.call('code.status', { code: first })) as { status: string }).status).toBe(
      'verified',
    );

    const second = await sandbox.issueCode(EMPLOYEE.psnNo);
    const settled = await counter.settle(second);
    expect(settled.totalFen).toBe(BASKET_FEN);
    expect(settled.fundFen + settled.accountFen + settled.cashFen).toBe(BASKET_FEN);
    expect(settled.accountFen).toBe(visit.preSettlement.accountFen);
    expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before - settled.accountFen);
    expect(sandbox.ledgerSum(EMPLOYEE.psnNo)).toBe(before - settled.accountFen);

    const status = (await sandbox.channel.call('code.status', { code: second })) as Loose;
    expect(status).toMatchObject({
      status: 'settled',
      settlement: { setlId: settled.setlId, totalFen: BASKET_FEN, accountFen: settled.accountFen },
    });

    const reversed = await counter.reverse(settled.setlId);
    expect(reversed.totalFen).toBe(-BASKET_FEN);
    expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before);
  });

  it('plays a hospital: registration, fee upload and outpatient settlement', async () => {
    const retiree = PERSONAS.retiree;
    const before = sandbox.balance(retiree.psnNo);
    const counter = counterAt(sandbox, DEMO_INSTITUTIONS.hospital);
    expect(counter.kind).toBe('hospital');
    const visit = await counter.scanIdentity(await sandbox.issueCode(retiree.psnNo), BASKET);
    expect(visit.mdtrtId).toMatch(/^MDT/);
    const settled = await counter.settle(await sandbox.issueCode(retiree.psnNo));
    expect(settled.mdtrtId).toBe(visit.mdtrtId);
    expect(sandbox.balance(retiree.psnNo)).toBe(before - settled.accountFen);
    await counter.reverse(settled.setlId);
    expect(sandbox.balance(retiree.psnNo)).toBe(before);
  });

  it('signs out at the end of the day (9002), and signs in again for the next customer', async () => {
    const counter = counterAt(sandbox);
    expect(await counter.signOut()).toBeNull();
    const signNo = await counter.signIn();
    expect(await counter.signOut()).toEqual({ signNo, signTime: expect.stringMatching(/^\d{4}-\d\d-\d\d /) });
    expect(counter.state().signNo).toBeUndefined();
    const closed = await sandbox.fsi(
      '1101',
      { data: { mdtrt_cert_type: '02', mdtrt_cert_no: EMPLOYEE.docNumber } },
      // A msgid of its own: the counter numbers its messages from 0 as well.
      { signNo, msgid: `${DEMO_INSTITUTIONS.pharmacy}202503030930009999` },
    );
    expect(closed).toMatchObject({ infcode: -1, err_msg: expect.stringMatching(/请先签到/) });

    const visit = await counter.scanIdentity(await sandbox.issueCode(EMPLOYEE.psnNo), BASKET);
    expect(visit.psnNo).toBe(EMPLOYEE.psnNo);
    expect(counter.state().signNo).toMatch(/^\d{20}$/);
    expect(counter.state().signNo).not.toBe(signNo);
  });

  it('settles with a social security card, and with an ID card and the password', async () => {
    const counter = counterAt(sandbox);
    const byCard = await counter.settleWithCard('A23000001', sandbox.cardSn('A23000001'), BASKET);
    expect(byCard.psnNo).toBe(EMPLOYEE.psnNo);
    await sandbox.setPassword(EMPLOYEE.psnNo);
    const before = sandbox.balance(EMPLOYEE.psnNo);
    const byId = await counter.settleWithIdCard(EMPLOYEE.docNumber, '802417', BASKET);
    expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before - byId.accountFen);
    const wrong = await counter
      .settleWithIdCard(EMPLOYEE.docNumber, '135790', BASKET)
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(CounterError);
    expect((wrong as CounterError).step).toBe('2102');
    expect((wrong as CounterError).message).toMatch(/密码错误/);
  });

  it('names the transaction transType and the institution orgId in the e-voucher head, as a terminal does', async () => {
    const ecBodies: Record<string, unknown>[] = [];
    const recording: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/ecs/api/v1/gateway') && typeof init?.body === 'string') {
        ecBodies.push(JSON.parse(init.body) as Record<string, unknown>);
      }
      return fetch(input, init);
    };
    const counter = createCounter({
      baseUrl: sandbox.url,
      institution: { code: DEMO_INSTITUTIONS.pharmacy, name: '演示机构' },
      channel: sandbox.hisView,
      now: sandbox.now,
      seq: 0,
      fetch: recording,
    });
    const visit = await counter.scanIdentity(await sandbox.issueCode(EMPLOYEE.psnNo), BASKET);
    expect(visit.psnNo).toBe(EMPLOYEE.psnNo);
    expect(ecBodies).toHaveLength(1);
    expect(ecBodies[0]).toMatchObject({ transType: 'ec.query', orgId: DEMO_INSTITUTIONS.pharmacy });
    expect(ecBodies[0]).not.toHaveProperty('method');
    // What was sent is signed as sent: the platform opens it with the transaction named.
    const opened = createEnvelopeCodec({ primitives: nodePrimitives, now: sandbox.now }).open(
      ecBodies[0],
      (appId) =>
        appId === HIS_APP_ID
          ? { ...sandbox.hisView, peerPublicKey: sandbox.hisView.ownKeys.publicKey }
          : undefined,
    );
    expect(opened).toMatchObject({ transType: 'ec.query', orgId: DEMO_INSTITUTIONS.pharmacy });
  });

  it('reports a refused scan with the e-voucher centre’s code', async () => {
    const counter = counterAt(sandbox);
    const code = await sandbox.issueCode(EMPLOYEE.psnNo);
    await counter.scanIdentity(code, BASKET);
    const again = await counter.scanIdentity(code, BASKET).catch((e: unknown) => e);
    expect(again).toMatchObject({ step: 'ec.query', code: 'EC_CODE_USED' });
  });
});

/** A QR image of `text` as the phone draws it: alphanumeric mode, 8 px modules, 4-module margin. */
function writeQrPng(text: string, file: string): void {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Alphanumeric');
  qr.make();
  const scale = 8;
  const margin = 4;
  const modules = qr.getModuleCount();
  const size = (modules + 2 * margin) * scale;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const row = Math.floor(y / scale) - margin;
      const col = Math.floor(x / scale) - margin;
      const dark = row >= 0 && col >= 0 && row < modules && col < modules && qr.isDark(row, col);
      const offset = (y * size + x) * 4;
      png.data[offset] = png.data[offset + 1] = png.data[offset + 2] = dark ? 0 : 255;
      png.data[offset + 3] = 255;
    }
  }
  writeFileSync(file, PNG.sync.write(png));
}

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      ['bff/sandbox/counter/cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('counter CLI (child process)', () => {
  let sandbox: Sandbox;
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    // The child process stamps envelopes with the real time, so the sandbox keeps it too.
    sandbox = await setupCounter({ realClock: true });
    dataDir = mkdtempSync(path.join(tmpdir(), 'ybm-counter-'));
    mkdirSync(path.join(dataDir, 'insurance'), { recursive: true });
    const demoKeys = {
      platform: { publicKey: testChannel().platformKeys.publicKey, privateKey: '(not given to counters)' },
      channels: [
        {
          appId: HIS_APP_ID,
          name: '演示医药机构 HIS',
          appSecret: sandbox.his.appSecret,
          sm2UserId: '1234567812345678',
          keys: sandbox.his.keys,
        },
      ],
    };
    writeFileSync(path.join(dataDir, 'insurance', 'demo-keys.json'), JSON.stringify(demoKeys));
    env = { YBM_DATA_DIR: dataDir, INSURANCE_BASE_URL: sandbox.url };
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('scans a QR image, then settles with a second code; balance and ledger follow', async () => {
    const before = sandbox.balance(EMPLOYEE.psnNo);
    const first = await sandbox.issueCode(EMPLOYEE.psnNo);
    const png = path.join(dataDir, 'first.png');
    writeQrPng(first, png);
    const basket = `${DEMO_CATALOGUE.classA.code}:2:12.50,${DEMO_CATALOGUE.classB.code}:1:28.60`;
    const scan = await cli(['scan', png, '--basket', basket, '--json'], env);
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
    const visit = JSON.parse(scan.stdout);
    expect(visit).toMatchObject({ psnNo: EMPLOYEE.psnNo, preSettlement: { totalFen: 5360 } });
    const stored = JSON.parse(readFileSync(path.join(dataDir, 'counter', 'state.json'), 'utf8'));
    expect(stored.visit.psnNo).toBe(EMPLOYEE.psnNo);

    const second = await sandbox.issueCode(EMPLOYEE.psnNo);
    const settle = await cli(['settle', second], env);
    expect(settle.code).toBe(0);
    expect(settle.stdout).toMatch(/结算成功：结算ID SETL\d+/);
    expect(settle.stdout).toMatch(/合计 ¥53\.60 = 统筹 ¥[\d.]+ \+ 个人账户 ¥[\d.]+ \+ 现金 ¥[\d.]+/);
    const status = (await sandbox.channel.call('code.status', { code: second })) as Loose;
    expect(status.status).toBe('settled');
    expect(sandbox.balance(EMPLOYEE.psnNo)).toBe(before - status.settlement.accountFen);
    expect(sandbox.ledgerSum(EMPLOYEE.psnNo)).toBe(sandbox.balance(EMPLOYEE.psnNo));
    expect(JSON.parse(readFileSync(path.join(dataDir, 'counter', 'state.json'), 'utf8')).visit).toBeNull();
  }, 60_000);

  it('signs the counter out, once', async () => {
    const signedIn = () =>
      JSON.parse(readFileSync(path.join(dataDir, 'counter', 'state.json'), 'utf8')).institutions[
        DEMO_INSTITUTIONS.pharmacy
      ]?.signNo;
    await cli(['catalogue', '阿莫西林'], env);
    const signNo = signedIn();
    expect(signNo).toMatch(/^\d{20}$/);
    const out = await cli(['sign-out'], env);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(out.stdout).toContain(`已签退：签到编号 ${signNo}`);
    expect(signedIn()).toBeUndefined();
    expect((await cli(['sign-out'], env)).stdout).toContain('未签到，无需签退');
  }, 60_000);

  it('says what went wrong: settle before scan, a used code, the bill command’s usage', async () => {
    const early = await cli(['settle', 'YB1ABCDEFGH0123456789ABCD'], env);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/请先扫码/);
    const code = await sandbox.issueCode(EMPLOYEE.psnNo);
    await cli(['scan', code], env);
    const reused = await cli(['scan', code, '--json'], env);
    expect(reused.code).toBe(1);
    expect(JSON.parse(reused.stdout).error).toMatchObject({ step: 'ec.query', code: 'EC_CODE_USED' });
    const bill = await cli(['bill'], env);
    expect(bill.code).toBe(2);
    expect(bill.stderr).toMatch(/用法：bill/);
  }, 60_000);
});
