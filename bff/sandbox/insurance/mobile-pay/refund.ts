// 6203 医保退费. ALL refunds everything still held; HI the whole insurance part (fund and
// personal account, by reversing the settlement, so the balance comes back to the fen);
// CASH all or part of the cash the cashier took. The amounts must match what was paid —
// otherwise refStatus FAIL and nothing changes. appRefdSn makes a refund safe to retry.
import { fenToYuan } from '@ybm/shared';
import { ORD_STAS, type MobilePayInput } from '@ybm/shared/protocol';

import { inTransaction } from '../../lib/sqlite';
import { PlatformRefusal } from '../channel/operation';
import { isoNow, type SandboxContext } from '../context';
import { chinaDateTime } from '../domain/china-time';
import { resolveEcToken } from '../domain/ec-token';
import { preparedFor } from '../domain/prepared';
import { reverseSettlement } from '../domain/settle';
import { enqueueEvent } from '../events/outbox';
import { findOrder, orderStatements, type PayOrder } from './orders';
import { MobilePayRefusal } from './refusal';

type Ctx = Pick<SandboxContext, 'db' | 'now' | 'random'>;
type RefundInput = MobilePayInput<'6203'>;

const PAID_STATES = new Set<string>([
  ORD_STAS.awaitingCash,
  ORD_STAS.settled,
  ORD_STAS.hiRefunded,
  ORD_STAS.cashRefunded,
  ORD_STAS.cashPartRefunded,
  ORD_STAS.hiAndCashPartRefunded,
]);

const statements = preparedFor((db) => ({
  find: db.prepare<[string], { requestHash: string; responseJson: string }>(
    'SELECT request_hash AS requestHash, response_json AS responseJson FROM refunds WHERE app_refd_sn = ?',
  ),
  insert: db.prepare(
    `INSERT INTO refunds (app_refd_sn, pay_ord_id, refd_type, total_fen, cash_fen, account_fen, fund_fen,
       ref_status, created_at, request_hash, response_json)
     VALUES (@appRefdSn, @payOrdId, @refdType, @totalFen, @cashFen, @accountFen, @fundFen, 'SUCC', @at,
       @requestHash, @responseJson)`,
  ),
}));

/** What the order still holds that could be refunded. */
function refundable(order: PayOrder) {
  const cashPaid = order.cashPaidAt ? order.cashFen : 0;
  return {
    insuranceHeld: !order.hiRefundedAt,
    fundFen: order.hiRefundedAt ? 0 : order.fundFen,
    accountFen: order.hiRefundedAt ? 0 : order.accountFen,
    cashPaid,
    cashLeft: cashPaid - order.cashRefundedFen,
  };
}

/** Why the requested amounts do not fit what was paid, or undefined when they do. */
function mismatch(input: RefundInput, order: PayOrder): string | undefined {
  const held = refundable(order);
  const { totlRefdAmt: total, cashRefdAmt: cash, psnAcctRefdAmt: account, fundRefdAmt: fund } = input;
  if (total !== cash + account + fund) return '退费总额不等于现金、个人账户、统筹基金退费之和';
  if (total === 0) return '退费金额须大于0';
  const insurance = `统筹基金 ${fenToYuan(held.fundFen)} 元、个人账户 ${fenToYuan(held.accountFen)} 元`;
  if (input.refdType === 'CASH') {
    if (fund !== 0 || account !== 0) return '仅退自费时统筹基金与个人账户退费须为0';
    if (cash === 0 || cash > held.cashLeft) return `可退现金为 ${fenToYuan(held.cashLeft)} 元`;
    return undefined;
  }
  if (!held.insuranceHeld) return '医保部分已退费';
  if (fund !== held.fundFen || account !== held.accountFen) return `医保部分须全额退还：${insurance}`;
  if (input.refdType === 'HI' && cash !== 0) return '仅退医保时现金退费须为0';
  if (input.refdType === 'ALL' && cash !== held.cashLeft)
    return `全额退费须退还现金 ${fenToYuan(held.cashLeft)} 元`;
  return undefined;
}

/** ordStas after a refund, from what is left refunded of each part. */
function stateAfter(
  refdType: RefundInput['refdType'],
  hiRefunded: boolean,
  cashPaid: number,
  cashRefunded: number,
) {
  if (refdType === 'ALL') return ORD_STAS.refunded;
  const cashAllBack = cashRefunded === cashPaid;
  if (hiRefunded) {
    if (cashPaid > 0 && cashAllBack) return ORD_STAS.refunded;
    return cashRefunded > 0 ? ORD_STAS.hiAndCashPartRefunded : ORD_STAS.hiRefunded;
  }
  return cashAllBack ? ORD_STAS.cashRefunded : ORD_STAS.cashPartRefunded;
}

export function refundOrder(ctx: Ctx, input: RefundInput, requestHash: string): Record<string, unknown> {
  return inTransaction(
    ctx.db,
    () => {
      const earlier = statements(ctx.db).find.get(input.appRefdSn);
      if (earlier) {
        if (earlier.requestHash === requestHash)
          return JSON.parse(earlier.responseJson) as Record<string, unknown>;
        throw new PlatformRefusal(
          'REFUND_SN_CONFLICT',
          `退款流水号 ${input.appRefdSn} 已用于另一笔不同的退费`,
        );
      }
      const order = findOrder(ctx, input.payOrdId);
      if (!order || (input.orgCodg && input.orgCodg !== order.fixmedinsCode)) {
        throw new PlatformRefusal('ORDER_NOT_FOUND', '订单不存在');
      }
      const failed = { payOrdId: order.payOrdId, appRefdSn: input.appRefdSn, refStatus: 'FAIL' as const };
      if (!PAID_STATES.has(order.ordStas)) {
        throw new MobilePayRefusal('ORDER_NOT_REFUNDABLE', '订单未支付或已全额退款，不能退费', failed);
      }
      if (input.payAuthNo !== undefined && input.payAuthNo !== order.payAuthNo) {
        throw new PlatformRefusal('PAY_AUTH_INVALID', '支付授权码与订单不符');
      }
      if (
        input.ecToken !== undefined &&
        resolveEcToken(ctx, input.ecToken, order.fixmedinsCode).psnNo !== order.psnNo
      ) {
        throw new PlatformRefusal('EC_TOKEN_INVALID', '电子凭证令牌与订单人员不符');
      }
      const why = mismatch(input, order);
      if (why)
        throw new MobilePayRefusal('REFUND_AMOUNT_MISMATCH', `退费金额与已支付金额不符：${why}`, failed);

      const at = isoNow(ctx);
      const held = refundable(order);
      const refundsInsurance = input.refdType !== 'CASH';
      let balanceAfterFen: number | null = null;
      if (refundsInsurance && order.setlId) {
        balanceAfterFen = reverseSettlement(ctx, order.setlId, {
          reason: `移动支付退费 ${input.appRefdSn}`,
          cause: 'reversed',
          // refund.completed below tells the BFF, with this refund's own split.
          announce: false,
        }).balanceAfterFen;
      }
      const cashRefundedFen = order.cashRefundedFen + input.cashRefdAmt;
      const hiRefunded = refundsInsurance || !held.insuranceHeld;
      const ordStas = stateAfter(input.refdType, hiRefunded, held.cashPaid, cashRefundedFen);
      const changed = orderStatements(ctx).refunded.run({
        payOrdId: order.payOrdId,
        fromStas: order.ordStas,
        ordStas,
        hiRefundedAt: refundsInsurance ? at : order.hiRefundedAt,
        cashRefundedFen,
        at,
      });
      if (changed.changes !== 1) throw new PlatformRefusal('ORDER_CHANGED', '订单状态已变化，请查询后重试');
      const response = {
        payOrdId: order.payOrdId,
        appRefdSn: input.appRefdSn,
        refStatus: 'SUCC',
        ordStas,
        refdType: input.refdType,
        totlRefdAmt: fenToYuan(input.totlRefdAmt),
        cashRefdAmt: fenToYuan(input.cashRefdAmt),
        psnAcctRefdAmt: fenToYuan(input.psnAcctRefdAmt),
        fundRefdAmt: fenToYuan(input.fundRefdAmt),
        refdTime: chinaDateTime(ctx.now()),
      };
      statements(ctx.db).insert.run({
        appRefdSn: input.appRefdSn,
        payOrdId: order.payOrdId,
        refdType: input.refdType,
        totalFen: input.totlRefdAmt,
        cashFen: input.cashRefdAmt,
        accountFen: input.psnAcctRefdAmt,
        fundFen: input.fundRefdAmt,
        at,
        requestHash,
        responseJson: JSON.stringify(response),
      });
      enqueueEvent(ctx, {
        type: 'refund.completed',
        appId: order.appId,
        payload: {
          payOrdId: order.payOrdId,
          appRefdSn: input.appRefdSn,
          psnNo: order.psnNo,
          refdType: input.refdType,
          totalFen: input.totlRefdAmt,
          cashFen: input.cashRefdAmt,
          accountFen: input.psnAcctRefdAmt,
          fundFen: input.fundRefdAmt,
          balanceAfterFen,
          ordStas,
          refundedAt: at,
        },
      });
      return response;
    },
    'immediate',
  );
}
