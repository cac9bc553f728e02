// The counter CLI: a pharmacy or hospital HIS at the command line, against the sandbox's
// public protocol. Scan 1 and scan 2 run as separate commands, as at a real counter:
//   npx tsx bff/sandbox/counter/cli.ts scan <code | qr.png> [--basket CODE:qty[:price],…] [--institution 231200P00001]
//   npx tsx bff/sandbox/counter/cli.ts settle <code | qr.png>
//   npx tsx bff/sandbox/counter/cli.ts card <cardNo> <cardSn> [--basket …] [--institution …]
//   npx tsx bff/sandbox/counter/cli.ts idcard <居民身份证号> <password> [--basket …] [--institution …]
//   npx tsx bff/sandbox/counter/cli.ts reverse <setlId>
//   npx tsx bff/sandbox/counter/cli.ts catalogue [name]
//   npx tsx bff/sandbox/counter/cli.ts sign-out [--institution …]   (9002 at the end of the day)
//   npx tsx bff/sandbox/counter/cli.ts bill …            (in-consultation bill, 6201)
// Options: --json (machine-readable result), --url (else INSURANCE_BASE_URL, else
// http://127.0.0.1:8788), --kind pharmacy|hospital, --institution (else COUNTER_INSTITUTION,
// else the demo pharmacy); data dir YBM_DATA_DIR (default .data).
import { formatYuan, maskName } from '@ybm/shared';

import { runBill } from './bill';
import { createCounter, CounterError, type Counter, type SettlementSummary } from './client';
import { readScannedCode } from './qr';
import {
  counterInstitutions,
  DEFAULT_BASKETS,
  hisChannel,
  loadState,
  parseBasket,
  saveState,
  type CounterState,
} from './setup';

type Env = Record<string, string | undefined>;

const USAGE = `用法：
  scan <码 | 二维码.png> [--basket 编码:数量[:单价],…] [--institution 机构编码] [--kind pharmacy|hospital]
  settle <码 | 二维码.png>
  card <社保卡号> <卡识别码> [--basket …] [--institution …]
  idcard <居民身份证号> <密码> [--basket …] [--institution …]
  reverse <结算ID>
  catalogue [名称]
  sign-out [--institution …]
  bill …
通用选项：--json  --url http://127.0.0.1:8788`;

const FLAGS = new Set(['json']);

function parseArgs(argv: string[]) {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) positional.push(arg);
    else if (FLAGS.has(arg.slice(2))) options[arg.slice(2)] = 'true';
    else {
      const value = argv[i + 1];
      if (value === undefined) throw new Error(`${arg} 缺少取值`);
      options[arg.slice(2)] = value;
      i += 1;
    }
  }
  return { positional, options };
}

function describe(result: SettlementSummary, title: string): string[] {
  return [
    `${title}：结算ID ${result.setlId || '（预结算）'}  就诊ID ${result.mdtrtId}`,
    `  合计 ${formatYuan(result.totalFen)} = 统筹 ${formatYuan(result.fundFen)} + 个人账户 ${formatYuan(result.accountFen)} + 现金 ${formatYuan(result.cashFen)}`,
    `  个人账户余额 ${formatYuan(result.balanceAfterFen)}`,
  ];
}

function counterFor(
  env: Env,
  state: CounterState,
  options: Record<string, string>,
  institution: string,
): Counter {
  const kept = state.institutions[institution] ?? {};
  return createCounter({
    baseUrl: options.url ?? env.INSURANCE_BASE_URL ?? 'http://127.0.0.1:8788',
    institution: {
      code: institution,
      ...(options.kind === 'pharmacy' || options.kind === 'hospital' ? { kind: options.kind } : {}),
    },
    channel: hisChannel(env),
    ...(kept.signNo ? { signNo: kept.signNo } : {}),
    ...(kept.seq !== undefined ? { seq: kept.seq } : {}),
    ...(state.visit?.institution === institution ? { lastVisit: state.visit } : {}),
    settlements: state.settlements,
  });
}

/** Keeps what this run learnt: sign-in and sequence per institution, the visit, the settlements. */
function remember(state: CounterState, counter: Counter): CounterState {
  const kept = counter.state();
  return {
    institutions: { ...state.institutions, [counter.institution]: { signNo: kept.signNo, seq: kept.seq } },
    visit: kept.lastVisit ?? (state.visit?.institution === counter.institution ? null : state.visit),
    settlements: kept.settlements,
  };
}

export async function runCounter(
  argv: string[],
  env: Env = process.env,
  out = (line: string) => process.stdout.write(`${line}\n`),
): Promise<number> {
  const [command, ...rest] = argv;
  const err = (line: string) => process.stderr.write(`${line}\n`);
  if (command === 'bill') return runBill(rest, { out, err, env });
  let state: CounterState;
  let counter: Counter;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(rest);
    state = loadState(env);
    const institution =
      parsed.options.institution ??
      (command === 'settle' ? state.visit?.institution : undefined) ??
      counterInstitutions(env).counter;
    counter = counterFor(env, state, parsed.options, institution);
  } catch (error) {
    err((error as Error).message);
    return 2;
  }
  const { positional, options } = parsed;
  const json = options.json === 'true';
  const basket = () => parseBasket(options.basket ?? DEFAULT_BASKETS[counter.kind]);
  const need = (count: number) => {
    if (positional.length < count) throw new Error(USAGE);
  };
  try {
    let result: unknown;
    let lines: string[] = [];
    switch (command) {
      case 'scan': {
        need(1);
        const visit = await counter.scanIdentity(readScannedCode(positional[0] ?? ''), basket());
        result = visit;
        lines = [
          `身份核验通过：${maskName(visit.name)}（${visit.psnNo}）险种 ${visit.insutype} 参保地 ${visit.insuplc}`,
          ...describe(visit.preSettlement, '预结算'),
          '请患者刷新医保码后执行 settle <码> 完成结算。',
        ];
        break;
      }
      case 'settle': {
        need(1);
        const settled = await counter.settle(readScannedCode(positional[0] ?? ''));
        result = settled;
        lines = describe(settled, '结算成功');
        break;
      }
      case 'card':
      case 'idcard': {
        need(2);
        const [first = '', second = ''] = positional;
        const settled =
          command === 'card'
            ? await counter.settleWithCard(first, second, basket())
            : await counter.settleWithIdCard(first, second, basket());
        result = settled;
        lines = describe(settled, command === 'card' ? '社保卡结算成功' : '身份证结算成功');
        break;
      }
      case 'reverse': {
        need(1);
        const reversed = await counter.reverse(positional[0] ?? '');
        result = reversed;
        lines = describe(reversed, '撤销成功');
        break;
      }
      case 'catalogue': {
        const page = await counter.catalogue(positional[0] ? { name: positional[0] } : {});
        result = page;
        lines = page.data.map((row) => `${row.hilist_code}  ${row.hilist_name}  ${row.chrgitm_lv}`);
        break;
      }
      case 'sign-out': {
        const closed = await counter.signOut();
        result = closed;
        lines = [
          closed ? `已签退：签到编号 ${closed.signNo}，签退时间 ${closed.signTime}` : '未签到，无需签退',
        ];
        break;
      }
      default:
        throw new Error(USAGE);
    }
    state = remember(state, counter);
    saveState(env, state);
    if (json) out(JSON.stringify(result));
    else for (const line of lines) out(line);
    return 0;
  } catch (error) {
    // Whatever this run learnt (a sign-in) is still worth keeping.
    saveState(env, remember(state, counter));
    if (json && error instanceof CounterError) {
      out(JSON.stringify({ error: { step: error.step, code: error.code, message: error.message } }));
    } else err((error as Error).message);
    return error instanceof CounterError ? 1 : 2;
  }
}

if (require.main === module) {
  runCounter(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(2);
    },
  );
}
