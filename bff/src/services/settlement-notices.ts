// The inbox's words for a settlement that a counter took back (settlement.reversed) or that a
// correction put back (settlement.reinstated): where and when it was, what came back to which
// account, the balance now, and what is left for the person to do — so the inbox never keeps
// saying 医保结算成功 about money that moved back.
import { describeReturned, formatYuan } from '@ybm/shared';

export interface SettlementFacts {
  institutionName: string;
  settledAt: string;
  totalFen: number;
  fundFen: number;
  accountFen: number;
  cashFen: number;
  balanceAfterFen?: number | undefined;
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const two = (n: number) => String(n).padStart(2, '0');

/** "3月3日 09:30" in Beijing time, where every counter is. */
function whenOf(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  const t = new Date(ms + BEIJING_OFFSET_MS);
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
}

function settlementName(facts: SettlementFacts): string {
  const where = facts.institutionName || '定点医药机构';
  return `${where}${whenOf(facts.settledAt)}的医保结算（${formatYuan(facts.totalFen)}）`;
}

const balanceNote = (facts: SettlementFacts) =>
  facts.accountFen > 0 && facts.balanceAfterFen !== undefined
    ? `（账户余额${formatYuan(facts.balanceAfterFen)}）`
    : '';

/** 结算已撤销: what came back where; the cash part is the institution's to give back. */
export function reversalNotice(
  facts: SettlementFacts,
  cause: 'reversed' | 'corrected',
): { title: string; body: string } {
  const insurance = describeReturned({ fundFen: facts.fundFen, accountFen: facts.accountFen, cashFen: 0 });
  const how = cause === 'corrected' ? '因机构冲正已撤销' : '已由机构撤销';
  const back = insurance ? `${insurance}${balanceNote(facts)}。` : '医保未支付费用，无需退回。';
  // Cash was paid at the counter, not through the platform: only the institution can return it.
  const cash =
    facts.cashFen > 0
      ? `您支付的现金${formatYuan(facts.cashFen)}请向${facts.institutionName || '该机构'}办理退还。`
      : '您无需为这笔结算补缴任何费用。';
  return {
    title: '结算已撤销',
    body: `${settlementName(facts)}${how}：${back}${cash}如机构重新结算，将另行通知。`,
  };
}

/** 结算已恢复: a correction undid the reversal, so the settlement stands and the account paid again. */
export function reinstatementNotice(facts: SettlementFacts): { title: string; body: string } {
  const parts = [
    `医保统筹${formatYuan(facts.fundFen)}`,
    `个人账户${formatYuan(facts.accountFen)}${balanceNote(facts)}`,
    `现金${formatYuan(facts.cashFen)}`,
  ];
  return {
    title: '结算已恢复',
    body: `${settlementName(facts)}的撤销已被机构冲正，这笔结算仍然有效：${parts.join('，')}。`,
  };
}
