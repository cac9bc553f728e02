// Who paid a part of a bill or record, in the viewer's words: the BFF says 'you', 'member' (the
// bill's or record's own person) or 'relative' (another family member) — never a name or number
// it was not already showing — and the phone words it: 家庭共济 from a guardian's account, the
// cash a guardian paid through their own WeChat Pay / Alipay.
import { formatYuan, type BillPayer } from '@ybm/shared';

/** Whose personal account paid: 您的个人账户, 赵*福的个人账户, 家人的个人账户（家庭共济）. */
export function accountWords(payer: BillPayer, memberName = '本人', mutualAid = false): string {
  if (payer === 'you') return mutualAid ? '您本人的个人账户（家庭共济）' : '您的个人账户';
  if (payer === 'member') return `${memberName}的个人账户`;
  return '家人的个人账户（家庭共济）';
}

/** Who paid the cash: 您 (for a member: 您代付), the member, or a relative. */
export function cashWords(payer: BillPayer, memberName?: string): string {
  if (payer === 'you') return memberName ? '由您代付' : '由您支付';
  if (payer === 'member') return `由${memberName ?? '本人'}支付`;
  return '由家人代付';
}

/** The lines of who paid what, for the parts someone other than the viewer alone paid. */
export function paidByLines(
  paidBy: { account?: BillPayer; cash?: BillPayer } | undefined,
  split: { accountFen: number; cashFen: number },
  memberName?: string,
): string[] {
  if (!paidBy) return [];
  const lines: string[] = [];
  if (paidBy.account && split.accountFen > 0)
    lines.push(
      `个人账户${formatYuan(split.accountFen)}：从${accountWords(paidBy.account, memberName, paidBy.account === 'relative')}支付`,
    );
  if (paidBy.cash && split.cashFen > 0)
    lines.push(`现金${formatYuan(split.cashFen)}：${cashWords(paidBy.cash, memberName)}`);
  return lines;
}
