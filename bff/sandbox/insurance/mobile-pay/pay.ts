// 6202 支付下单 and the cashier step. 6202 settles the insurance part through settle()
// (fund and personal account, settlement row, settlement.completed) with a payAuthNo used
// once; with no cash part the order is done (6 结算完成), otherwise it waits (2 待支付)
// until the cashier — standing for WeChat Pay / Alipay — confirms the cash part.
// orgBizSer makes 6202 safe to retry: the same request gets the first answer back.
import { fenToYuan } from '@ybm/shared';
import { ORD_STAS, splitFields, type MobilePayInput, type OrdStas } from '@ybm/shared/protocol';

import { inTransaction } from '../../lib/sqlite';
import { PlatformRefusal } from '../channel/operation';
import { isoNow, newId, type SandboxContext } from '../context';
import { chinaDateTime } from '../domain/china-time';
import { settle } from '../domain/settle';
import { findOrder, orderStatements } from './orders';
import { assertPayable, consumePayAuth, personsOrder } from './pay-auth';

type Ctx = Pick<SandboxContext, 'db' | 'now' | 'random'>;

export function payOrder(
  ctx: Ctx,
  input: MobilePayInput<'6202'>,
  requestHash: string,
): Record<string, unknown> {
  const statements = orderStatements(ctx);
  // IMMEDIATE: the write lock is taken before anything is read, so even another process on
  // the same file cannot pay the order between our check and our write.
  return inTransaction(
    ctx.db,
    () => {
      const earlier = statements.request.get(input.orgBizSer);
      if (earlier) {
        if (earlier.requestHash === requestHash)
          return JSON.parse(earlier.responseJson) as Record<string, unknown>;
        throw new PlatformRefusal(
          'ORG_BIZ_SER_CONFLICT',
          `业务流水号 ${input.orgBizSer} 已用于另一笔不同的请求`,
        );
      }
      const order = findOrder(ctx, input.payOrdId);
      if (!order || (input.orgCodg && input.orgCodg !== order.fixmedinsCode)) {
        throw new PlatformRefusal('ORDER_NOT_FOUND', '订单不存在');
      }
      if (order.payToken !== input.payToken)
        throw new PlatformRefusal('PAY_TOKEN_INVALID', '支付令牌与订单不符');
      assertPayable(order);
      const accountOf = consumePayAuth(ctx, input.payAuthNo, order);

      const result = settle(ctx, {
        kind: 'mobile',
        // The BFF the bill was announced to hears of its settlement too.
        appId: order.appId,
        psnNo: order.psnNo,
        fixmedinsCode: order.fixmedinsCode,
        mdtrtId: order.mdtrtId,
        certType: '01', // authorised through the e-voucher (payAuthNo)
        items: order.items.map(
          ({ code, qty, priceFen, amountFen, chrgitmLv, selfpayPropBp, priceLimitFen }) => ({
            code,
            qty,
            priceFen,
            amountFen,
            chrgitmLv,
            selfpayPropBp,
            priceLimitFen,
          }),
        ),
        useAccount: input.acctUsedFlag,
        ...(accountOf ? { accountOf } : {}),
      });
      const at = isoNow(ctx);
      const ordStas = result.cashFen > 0 ? ORD_STAS.awaitingCash : ORD_STAS.settled;
      const changed = statements.paid.run({
        payOrdId: order.payOrdId,
        ordStas,
        fundFen: result.fundFen,
        accountFen: result.accountFen,
        cashFen: result.cashFen,
        setlId: result.setlId,
        payAuthNo: input.payAuthNo,
        revsToken: newId(ctx, 'RVS', 12),
        cashPaidAt: null,
        at,
      });
      if (changed.changes !== 1) throw new PlatformRefusal('ORDER_ALREADY_PAID', '订单已支付，请勿重复支付');
      const response = {
        payOrdId: order.payOrdId,
        orgBizSer: input.orgBizSer,
        ordStas,
        ...splitFields(result),
        setlId: result.setlId,
        balc: result.balanceAfterFen === null ? null : fenToYuan(result.balanceAfterFen),
        hiChrgTime: chinaDateTime(ctx.now()),
      };
      statements.insertRequest.run(
        input.orgBizSer,
        order.payOrdId,
        '6202',
        JSON.stringify(response),
        at,
        requestHash,
      );
      return response;
    },
    'immediate',
  );
}

/**
 * The cashier paid the cash part: 2 待支付 → 6 结算完成. Confirming twice answers the same.
 * With `guardianPsnNo`, a guardian paid it for the person: the settlement keeps who.
 */
export function confirmCashPayment(
  ctx: Pick<SandboxContext, 'db' | 'now'>,
  psnNo: string,
  payOrdId: string,
  guardianPsnNo?: string,
): { payOrdId: string; ordStas: OrdStas; cashFen: number; cashPaidAt: string } {
  return inTransaction(
    ctx.db,
    () => {
      const order = personsOrder(ctx, psnNo, payOrdId);
      if (order.ordStas === ORD_STAS.settled && order.cashPaidAt) {
        return { payOrdId, ordStas: order.ordStas, cashFen: order.cashFen, cashPaidAt: order.cashPaidAt };
      }
      if (order.ordStas !== ORD_STAS.awaitingCash) {
        throw new PlatformRefusal('ORDER_NOT_AWAITING_CASH', '订单当前没有待支付的自费部分');
      }
      const at = isoNow(ctx);
      orderStatements(ctx).cashPaid.run({ payOrdId, at });
      if (guardianPsnNo && order.setlId) {
        ctx.db
          .prepare('UPDATE settlements SET cash_payer_psn_no = ? WHERE setl_id = ?')
          .run(guardianPsnNo, order.setlId);
      }
      return { payOrdId, ordStas: ORD_STAS.settled, cashFen: order.cashFen, cashPaidAt: at };
    },
    'immediate',
  );
}
