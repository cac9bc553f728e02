// Counter-side helpers for the 两定, e-voucher and code tests: a seeded sandbox on a clock
// the test moves, a demo HIS channel for the e-voucher centre, and message builders that
// speak only HTTP (PROTOCOL.md §1 and §2). Fixtures that stand for other areas' flows
// (an activated voucher, a password) are written directly.
import { createHash } from 'node:crypto';

import { fenToYuan } from '@ybm/shared';
import {
  createEnvelopeCodec,
  DEFAULT_SM2_USER_ID,
  generateSm2KeyPair,
  publicKeyHex,
  type EnvelopeChannel,
  type Json,
} from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import { PATHS } from '@ybm/shared/protocol';
import { sm2 } from 'sm-crypto-v2';

import { setPassword } from '../../bff/sandbox/insurance/domain/password';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS } from '../../bff/sandbox/insurance/seed';
import { createInsuranceTransport } from '../../bff/src/clients/insurance';
import { testChannel } from '../support/keys';
import { startInsuranceSandbox } from '../support/servers';

export { DEMO_CATALOGUE, DEMO_INSTITUTIONS, PERSONAS };

/** 2025-03-03 09:30 in Beijing. */
export const START = Date.parse('2025-03-03T01:30:00Z');
export const HIS_APP_ID = 'YBMHIS0000000001';
export const PASSWORD = '802417';

export function seededRandom(seed = 'counter') {
  let counter = 0;
  return (size: number) => {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i += 32) {
      const block = createHash('sha256').update(`${seed}-${counter++}`).digest();
      out.set(block.subarray(0, Math.min(32, size - i)), i);
    }
    return out;
  };
}

const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString();
export const infTime = (ms: number) => beijing(ms).slice(0, 19).replace('T', ' ');
const compact = (ms: number) => beijing(ms).slice(0, 19).replace(/[-T:]/g, '');

export const yuan = (fen: number) => Number(fenToYuan(fen));

/** Protocol answers, read field by field in assertions. */
export type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FsiReply {
  infcode: number;
  err_msg: string | null;
  output: Loose;
  inf_refmsgid: string;
}

export type Sandbox = Awaited<ReturnType<typeof setupCounter>>;

export interface FsiOptions {
  institution?: string;
  signNo?: string | null;
  insuplc?: string | null;
  msgid?: string;
  envelope?: Record<string, unknown>;
}

/** A seeded sandbox; `realClock` for tests whose other side (a child process) reads the real time. */
export async function setupCounter(options: { start?: number; realClock?: boolean } = {}) {
  let clock = options.start ?? START;
  const now = options.realClock ? Date.now : () => clock;
  const sandbox = await startInsuranceSandbox({ now, random: seededRandom(), seed: true });
  const his = { keys: generateSm2KeyPair(), appSecret: 'his-secret-0123456789' };
  sandbox.context.channels.register({
    appId: HIS_APP_ID,
    name: '演示医药机构 HIS',
    appSecret: his.appSecret,
    sm2UserId: DEFAULT_SM2_USER_ID,
    publicKey: his.keys.publicKey,
  });
  const hisView: EnvelopeChannel = {
    appId: HIS_APP_ID,
    appSecret: his.appSecret,
    ownKeys: his.keys,
    peerPublicKey: testChannel().platformKeys.publicKey,
    sm2UserId: DEFAULT_SM2_USER_ID,
  };
  const codec = createEnvelopeCodec({ primitives: nodePrimitives, now });
  const channel = createInsuranceTransport({
    baseUrl: sandbox.url,
    channel: testChannel().bffView,
    codec,
    timeoutMs: 5000,
  });
  let seq = 0;
  const signNos = new Map<string, string>();

  async function post(
    path: string,
    body: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(sandbox.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  function envelope(infno: string, input: unknown, opts: FsiOptions = {}) {
    const institution = opts.institution ?? DEMO_INSTITUTIONS.pharmacy;
    seq += 1;
    return {
      infno,
      msgid: opts.msgid ?? `${institution}${compact(clock)}${String(seq % 10_000).padStart(4, '0')}`,
      mdtrtarea_admvs: institution.slice(0, 6),
      insuplc_admdvs: opts.insuplc === null ? '' : (opts.insuplc ?? '231200'),
      recer_sys_code: 'FSI_LOCAL',
      dev_no: '',
      dev_safe_info: '',
      cainfo: '',
      signtype: 'SM2',
      infver: 'V1.0',
      opter_type: '1',
      opter: 'OP001',
      opter_name: '收款员甲',
      inf_time: infTime(clock),
      fixmedins_code: institution,
      fixmedins_name: '演示定点医药机构',
      sign_no: opts.signNo === null ? '' : (opts.signNo ?? signNos.get(institution) ?? ''),
      input,
      ...opts.envelope,
    };
  }

  /** One 两定 message; the answer body (always HTTP 200). */
  async function fsi(infno: string, input: unknown, opts: FsiOptions = {}) {
    const { status, json } = await post(PATHS.fsi, envelope(infno, input, opts));
    if (status !== 200) throw new Error(`两定 answered HTTP ${status}`);
    return json as unknown as FsiReply;
  }

  async function signIn(institution: string = DEMO_INSTITUTIONS.pharmacy): Promise<string> {
    const answer = await fsi(
      '9001',
      { signIn: { opter_no: 'OP001', mac: '', ip: '127.0.0.1' } },
      { institution },
    );
    if (answer.infcode !== 0) throw new Error(`sign-in failed: ${answer.err_msg}`);
    signNos.set(institution, answer.output.signinoutb.sign_no);
    return answer.output.signinoutb.sign_no;
  }

  /** ec.query (or another transType) through the e-voucher centre, opened and verified. */
  async function ec(data: Record<string, unknown>, transType = 'ec.query') {
    const sealed = codec.seal(hisView, data, { method: transType });
    const { json } = await post(PATHS.ecGateway, sealed);
    if (!json.encData) return { code: String(json.code), message: String(json.message), data: {} as Loose };
    const opened = codec.open(json, (appId) => (appId === HIS_APP_ID ? hisView : undefined));
    return { code: opened.code ?? '', message: opened.message ?? '', data: opened.data as Loose };
  }

  function scan(code: string, opts: { institution?: string; businessType?: string } = {}) {
    return ec({
      orgId: opts.institution ?? DEMO_INSTITUTIONS.pharmacy,
      businessType: opts.businessType ?? '02121',
      operatorId: 'OP001',
      operatorName: '收款员甲',
      ecQrCode: code,
    });
  }

  /** What activation would have left: an active voucher on the test channel. */
  function activate(psnNo: string) {
    sandbox.db
      .prepare(
        `INSERT OR REPLACE INTO vouchers (psn_no, app_id, platform_user_id, status, started_at, activated_at)
         VALUES (?, ?, ?, 'active', ?, ?)`,
      )
      .run(
        psnNo,
        testChannel().appId,
        `openid-${psnNo}`,
        new Date(clock).toISOString(),
        new Date(clock).toISOString(),
      );
  }

  async function issueCode(psnNo: string): Promise<string> {
    activate(psnNo);
    const issued = (await channel.call('code.issue', { psnNo })) as { code: string };
    return issued.code;
  }

  return {
    ...sandbox,
    channel,
    his,
    hisView,
    fsi,
    envelope,
    post,
    signIn,
    ec,
    scan,
    activate,
    issueCode,
    now,
    advance: (ms: number) => {
      clock += ms;
    },
    balance: (psnNo: string) =>
      sandbox.db.prepare('SELECT balance_fen FROM accounts WHERE psn_no = ?').pluck().get(psnNo) as number,
    ledgerSum: (psnNo: string) =>
      sandbox.db
        .prepare('SELECT COALESCE(SUM(amount_fen), 0) FROM ledger WHERE psn_no = ?')
        .pluck()
        .get(psnNo) as number,
    count: (sql: string, ...params: unknown[]) =>
      sandbox.db
        .prepare(sql)
        .pluck()
        .get(...params) as number,
    setPassword: (psnNo: string, plain = PASSWORD) => setPassword(sandbox.context, psnNo, plain),
    passwordCipher: (plain = PASSWORD) =>
      sm2.doEncrypt(plain, publicKeyHex(testChannel().platformKeys.publicKey), 1) as string,
    cardSn: (cardNo: string) =>
      sandbox.db.prepare('SELECT card_sn FROM social_cards WHERE card_no = ?').pluck().get(cardNo) as string,
  };
}

export interface BasketLine {
  item: { code: string; priceFen: number };
  qty: number;
}

/** drugdetail[] for a basket at the items' usual prices. */
export function drugDetails(lines: BasketLine[]) {
  return lines.map((line, index) => ({
    feedetl_sn: `D${String(index + 1).padStart(4, '0')}`,
    med_list_codg: line.item.code,
    medins_list_codg: `HIS-${line.item.code}`,
    det_item_fee_sumamt: yuan(Math.round(line.qty * line.item.priceFen)),
    cnt: line.qty,
    pric: yuan(line.item.priceFen),
  }));
}

export const basketTotalFen = (lines: BasketLine[]) =>
  lines.reduce((sum, line) => sum + Math.round(line.qty * line.item.priceFen), 0);

/** 2101/2102 input for a basket. */
export function drugInput(
  psnNo: string,
  lines: BasketLine[],
  cert: { type: '01' | '02' | '03'; no: string; cardSn?: string; pwd?: string },
  extra: Record<string, unknown> = {},
) {
  return {
    druginfo: {
      psn_no: psnNo,
      mdtrt_cert_type: cert.type,
      mdtrt_cert_no: cert.no,
      ...(cert.cardSn ? { card_sn: cert.cardSn } : {}),
      ...(cert.pwd ? { psn_pwd: cert.pwd } : {}),
      begntime: infTime(START),
      medfee_sumamt: yuan(basketTotalFen(lines)),
      insutype: '310',
      acct_used_flag: '1',
      med_type: '41',
      psn_setlway: '01',
      ...extra,
    },
    drugdetail: drugDetails(lines),
  };
}

/** Every amount of a setlinfo in fen, and the §1 invariant. */
export function setlFen(setlinfo: Record<string, Json>) {
  const fen = (name: string) => Math.round(Number(setlinfo[name]) * 100);
  return {
    total: fen('medfee_sumamt'),
    fund: fen('fund_pay_sumamt'),
    account: fen('acct_pay'),
    cash: fen('psn_cash_pay'),
    balance: fen('balc'),
  };
}
