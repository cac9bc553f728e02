// The counter CLI's `bill` command: 6201 through the public protocol with the demo HIS keys
// from the data folder, printing payOrdId and the split.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { runBill } from '../../bff/sandbox/counter/bill';
import { createInsuranceSandbox } from '../../bff/sandbox/insurance/app';
import { ensureDemoKeys } from '../../bff/sandbox/insurance/keys';
import { MIGRATIONS } from '../../bff/sandbox/insurance/migrations';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS, seedDemoData } from '../../bff/sandbox/insurance/seed';
import { openDatabase } from '../../bff/sandbox/lib/sqlite';
import { listen } from '../support/servers';

describe('counter bill', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ybm-bill-'));
  const keys = ensureDemoKeys(dataDir);
  const db = openDatabase(':memory:', MIGRATIONS);
  const sandbox = createInsuranceSandbox({ db, platformKeys: keys.platform });
  seedDemoData(sandbox.context);
  for (const channel of keys.channels) {
    sandbox.channels.register({ ...channel, publicKey: channel.keys.publicKey });
  }
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen(sandbox.app);
  });
  afterAll(async () => {
    await server.close();
    db.close();
  });

  async function run(argv: string[], env: Record<string, string> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runBill(argv, {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: { YBM_DATA_DIR: dataDir, INSURANCE_BASE_URL: server.url, ...env },
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('uploads a bill for a psnNo at the demo hospital and prints payOrdId and the split', async () => {
    const { classA, consultation } = DEMO_CATALOGUE;
    const result = await run([PERSONAS.employee.psnNo, `${classA.code}:2`, `${consultation.code}:1`]);
    expect(result).toMatchObject({ code: 0, err: '' });
    const payOrdId = /payOrdId (ORD[0-9A-F]+)/.exec(result.out)?.[1];
    const order = db.prepare('SELECT * FROM pay_orders WHERE pay_ord_id = ?').get(payOrdId) as Record<
      string,
      unknown
    >;
    expect(order).toMatchObject({
      psn_no: PERSONAS.employee.psnNo,
      fixmedins_code: DEMO_INSTITUTIONS.hospital,
      fee_sumamt_fen: 2 * classA.priceFen + consultation.priceFen,
      ord_stas: '1',
    });
    expect(result.out).toMatch(/合计 ¥\d+\.\d\d = 统筹 ¥[\d.]+ \+ 个人账户 ¥[\d.]+ \+ 现金 ¥[\d.]+/);
  });

  it('finds the person by 居民身份证 and takes a price given on the line', async () => {
    const result = await run([PERSONAS.retiree.docNumber, `${DEMO_CATALOGUE.classC.code}:1:18.80`]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('¥18.80');
  });

  it('answers in JSON with --json, at the address given by --url', async () => {
    const result = await run(
      [PERSONAS.employee.psnNo, `${DEMO_CATALOGUE.classA.code}:1`, '--json', '--url', server.url],
      { INSURANCE_BASE_URL: 'http://127.0.0.1:9' },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({
      ordStas: '1',
      feeSumamt: '12.50',
      payOrdId: expect.any(String),
    });
  });

  it('reports the platform’s refusal and usage errors with their own exit codes', async () => {
    expect((await run([PERSONAS.suspended.psnNo, `${DEMO_CATALOGUE.classA.code}:1`])).code).toBe(1);
    expect((await run([PERSONAS.employee.psnNo])).code).toBe(2);
    expect((await run([PERSONAS.employee.psnNo, 'UNKNOWN:1'])).code).toBe(2);
    const noKeys = await run([PERSONAS.employee.psnNo, `${DEMO_CATALOGUE.classA.code}:1`], {
      YBM_DATA_DIR: path.join(dataDir, 'nowhere'),
    });
    expect(noKeys).toMatchObject({ code: 2, err: expect.stringContaining('npm start') });
    const down = await run([PERSONAS.employee.psnNo, `${DEMO_CATALOGUE.classA.code}:1`], {
      INSURANCE_BASE_URL: 'http://127.0.0.1:9',
    });
    expect(down.code).toBe(3);
  });
});
