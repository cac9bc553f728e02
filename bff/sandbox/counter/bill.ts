// The counter CLI's `bill` command: a hospital HIS pushing an in-consultation bill through
// 6201 over the public protocol, sealed with the demo HIS channel's keys
// (.data/insurance/demo-keys.json). The person then pays it in the mini-program (6202).
//   bill <psnNo|居民身份证号> <code:qty[:priceYuan]> … [--org <fixmedinsCode>] [--dept <科室>] [--doctor <医生>]
//        [--url <platform>] [--json]
// The hospital is COUNTER_HOSPITAL (else the demo hospital); prices default to the HIS's own
// price list (PRICE_LIST).
import { fenToYuan, formatYuan, isValidDocument, yuanToFen } from '@ybm/shared';
import { createEnvelopeCodec, type EnvelopeChannel } from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import { MOBILE_PAY_TRANSACTIONS, SUCCESS_CODE, type MobilePayRequest } from '@ybm/shared/protocol';

import { counterInstitutions, hisChannel, PRICE_LIST } from './setup';

export interface BillIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

const defaultIo: BillIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

const USAGE =
  '用法：bill <psnNo|居民身份证号> <目录编码:数量[:单价元]> … [--org 机构编码] [--dept 科室] [--doctor 医生] [--url 地址] [--json]';

interface BillLine {
  code: string;
  /** The HIS's own name for the item, when its price list has one (printed only). */
  name?: string;
  qty: number;
  priceFen: number;
  amountFen: number;
}

function parseLine(text: string): BillLine {
  const [code = '', qtyText = '', priceText] = text.split(':');
  const qty = Number(qtyText);
  if (!code || !/^\d+(\.\d{1,4})?$/.test(qtyText) || !(qty > 0)) throw new Error(`看不懂的项目：${text}`);
  const known = PRICE_LIST[code];
  const priceFen = priceText !== undefined ? yuanToFen(priceText) : known?.priceFen;
  if (priceFen === undefined) throw new Error(`不知道 ${code} 的单价，请写成 ${code}:${qtyText}:单价`);
  return {
    code,
    ...(known ? { name: known.name } : {}),
    qty,
    priceFen,
    amountFen: Math.round(qty * priceFen),
  };
}

function parseArgs(argv: string[]) {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--json') options.json = 'true';
    else if (arg.startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined) throw new Error(`${arg} 缺少取值`);
      options[arg.slice(2)] = value;
      i += 1;
    } else positional.push(arg);
  }
  const [person, ...lines] = positional;
  if (!person || lines.length === 0) throw new Error(USAGE);
  return { person, lines: lines.map(parseLine), options };
}

export async function runBill(argv: string[], io: BillIo = defaultIo): Promise<number> {
  let request;
  let channel: EnvelopeChannel;
  try {
    request = parseArgs(argv);
    channel = hisChannel(io.env);
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  const { person, lines, options } = request;
  const totalFen = lines.reduce((sum, line) => sum + line.amountFen, 0);
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const data: MobilePayRequest<'6201'> = {
    orgCodg: options.org ?? counterInstitutions(io.env).hospital,
    medOrgOrd: `HIS${stamp}${Math.floor(Math.random() * 10_000)
      .toString()
      .padStart(4, '0')}`,
    ...(isValidDocument('resident_id', person)
      ? { mdtrtCertType: '02', mdtrtCertNo: person.toUpperCase() }
      : { psnNo: person }),
    deptName: options.dept ?? '普通内科',
    drName: options.doctor ?? '李医生',
    medfeeSumamt: fenToYuan(totalFen),
    feedetail: lines.map((line, index) => ({
      feedetlSn: String(index + 1).padStart(4, '0'),
      // No medListName: the platform names the line from its catalogue, as the phone shows it.
      medListCodg: line.code,
      cnt: line.qty,
      pric: fenToYuan(line.priceFen),
      detItemFeeSumamt: fenToYuan(line.amountFen),
    })),
  };

  const codec = createEnvelopeCodec({ primitives: nodePrimitives });
  const baseUrl = options.url ?? io.env.INSURANCE_BASE_URL ?? 'http://127.0.0.1:8788';
  let body: Record<string, unknown>;
  try {
    const response = await fetch(`${baseUrl}${MOBILE_PAY_TRANSACTIONS['6201'].path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(codec.seal(channel, data)),
      signal: AbortSignal.timeout(10_000),
    });
    body = (await response.json()) as Record<string, unknown>;
  } catch (error) {
    io.err(`无法连接医保平台 ${baseUrl}：${(error as Error).message}`);
    return 3;
  }
  if (!body.encData) {
    io.err(`医保平台拒绝了报文：${String(body.code)} ${String(body.message ?? '')}`);
    return 1;
  }
  const opened = codec.open(body, (appId) => (appId === channel.appId ? channel : undefined));
  if (opened.code !== SUCCESS_CODE) {
    io.err(`6201 失败：${opened.code ?? ''} ${opened.message ?? ''}`);
    return 1;
  }
  const answer = MOBILE_PAY_TRANSACTIONS['6201'].answer.safeParse(opened.data);
  if (!answer.success) {
    io.err(`医保平台的 6201 应答不符合协议：${answer.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    return 1;
  }
  // As the platform said it (yuan strings), for scripts.
  if (options.json === 'true') {
    io.out(JSON.stringify(opened.data));
    return 0;
  }
  const order = answer.data;
  io.out(`已上传费用明细（6201）：payOrdId ${order.payOrdId}  payToken ${order.payToken}`);
  for (const line of lines) io.out(`  ${line.name ?? line.code} ×${line.qty}  ${formatYuan(line.amountFen)}`);
  io.out(
    `  合计 ${formatYuan(order.feeSumamt)} = 统筹 ${formatYuan(order.fundPay)} + 个人账户 ${formatYuan(order.psnAcctPay)} + 现金 ${formatYuan(order.ownPayAmt)}`,
  );
  io.out('  患者可在医保码小程序中收到账单并支付（6202）。');
  return 0;
}
