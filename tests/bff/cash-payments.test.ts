// The rules of the cash step, on an in-memory database with in-memory payment platforms (the
// real ones are driven over HTTP in tests/system/cash-*.test.ts): one live order per bill,
// whatever the races; money a platform took for an order that cannot count goes back; the
// insurance platform is told once; and nothing is paid on anything but the platform's word.
import type { Json } from '@ybm/shared/gm';
import { createGroupCommit } from '@ybm/shared/node';

import { createInsuranceClient, InsuranceRefusal } from '../../bff/src/clients/insurance';
import { createLogger } from '../../bff/src/logger';
import { createCashPaymentService } from '../../bff/src/services/cash-payments';
import type { CashOrderState, CashPlatform } from '../../bff/src/services/cash-platforms';
import { createCashRefunds } from '../../bff/src/services/cash-refunds';
import { createBillStore } from '../../bff/src/store/bills';
import { createBindingStore } from '../../bff/src/store/bindings';
import { createCashOrderStore, type CashProvider } from '../../bff/src/store/cash-orders';
import { openBffDatabase } from '../../bff/src/store/db';
import { createSqliteStores } from '../../bff/src/store/sqlite-stores';
import { createInboxStore } from '../../bff/src/store/inbox';
import type { SessionRecord } from '../../bff/src/store/sessions';
import { employeeBinding, scriptedTransport } from '../support/bff';

const PSN = '23120000000003';
const BILL = 'ORD20260302000001';
const CASH_FEN = 3980;
/** The platform's answer to its cashier's confirmation: the order settled (ordStas 6). */
const CONFIRMED = { payOrdId: BILL, ordStas: '6', cashFen: CASH_FEN, cashPaidAt: '2026-03-02 09:01:00' };

/** A payment platform in memory: orders placed, paid and closed by the test. */
function memoryPlatform(provider: CashProvider) {
  const orders = new Map<string, { state: 'open' | 'paid' | 'closed'; amountFen: number }>();
  const refunds: { refundId: string; amountFen: number; reason: string }[] = [];
  const state = (orderId: string): CashOrderState => {
    const order = orders.get(orderId);
    if (!order) return { state: 'unknown' };
    if (order.state === 'paid')
      return {
        state: 'paid',
        tradeNo: `T-${orderId}`,
        amountFen: order.amountFen,
        paidAt: '2026-03-02T01:00:00Z',
      };
    return { state: order.state };
  };
  const platform: CashPlatform = {
    provider,
    place: async (order) => {
      if (!orders.has(order.orderId))
        orders.set(order.orderId, { state: 'open', amountFen: order.amountFen });
      return `REF-${order.orderId}`;
    },
    query: async (orderId) => state(orderId),
    close: async (orderId) => {
      const order = orders.get(orderId);
      if (order?.state === 'open') order.state = 'closed';
      return state(orderId);
    },
    refund: async (refund) => {
      refunds.push(refund);
      return { state: 'done' };
    },
    refundStatus: async () => ({ state: 'done' }),
    // The signature is the real clients' business (tests/platforms): here a notice is its JSON.
    readNotice: ({ rawBody }) => JSON.parse(rawBody),
    phoneParams: (orderId, ref) => ({ provider: 'alipay', orderId, tradeNO: ref }),
  };
  return {
    platform,
    orders,
    refunds,
    pay: (orderId: string) => {
      orders.get(orderId)!.state = 'paid';
    },
    notice: (orderId: string, id = `N-${orderId}`) => ({
      header: () => undefined,
      rawBody: JSON.stringify({
        notificationId: id,
        orderId,
        outcome: 'paid',
        tradeNo: `T-${orderId}`,
        amountFen: CASH_FEN,
      }),
    }),
  };
}

function setup(options: { confirm?: () => Promise<Json | undefined> } = {}) {
  let now = Date.parse('2026-03-02T09:00:00+08:00');
  const clock = () => now;
  const db = openBffDatabase(':memory:');
  const bills = createBillStore(db, clock);
  bills.insert({
    billId: BILL,
    psnNo: PSN,
    appId: 'app',
    payToken: 'tok',
    createdAt: '2026-03-02T01:00:00Z',
    details: {
      institutionName: '绥化市第一医院',
      items: [],
      totalFen: CASH_FEN,
      preSettled: { fundFen: 0, accountFen: 0, cashFen: CASH_FEN },
    },
  });
  bills.move(BILL, 'unpaid', 'awaiting_cash', {
    fundFen: 0,
    accountFen: 0,
    cashFen: CASH_FEN,
    paidAt: '2026-03-02T01:00:00Z',
  });
  const bindings = createBindingStore(db, clock);
  bindings.save(employeeBinding('openid-1', PSN));
  bindings.save({ ...employeeBinding('2088000000000001', PSN), channel: 'alipay' });
  const cash = createCashOrderStore(db, clock);
  const inbox = createInboxStore(db, clock);
  const commits = createGroupCommit(db);
  // What the services use: the same database through the ports (the sync stores above seed and read it).
  const stores = createSqliteStores(db, { now: clock, commits, phoneHashKey: Buffer.alloc(32) });
  const logger = createLogger({ level: 'silent' });
  const wechat = memoryPlatform('wechatpay');
  const alipay = memoryPlatform('alipay');
  const call = jest.fn<Promise<Json | undefined>, [string, Record<string, unknown>]>(
    options.confirm ?? (async () => CONFIRMED),
  );
  const platforms = { wechatpay: wechat.platform, alipay: alipay.platform };
  const refunds = createCashRefunds({
    stores,
    cash: stores.cash,
    bills: stores.bills,
    platforms,
    logger,
    now: clock,
  });
  let ids = 0;
  const service = createCashPaymentService({
    stores,
    bills: stores.bills,
    bindings: stores.bindings,
    cash: stores.cash,
    audit: stores.audit,
    // The typed client over a scripted platform: its answers parsed, its refusals translated.
    insurance: {
      wechat: createInsuranceClient(scriptedTransport({ call })),
      alipay: createInsuranceClient(scriptedTransport({ call })),
    },
    platforms,
    publicBaseUrl: 'https://ybm.example.gov.cn',
    devCashier: { cashier: async () => undefined },
    logger,
    now: clock,
    newOrderId: () => `C2026030209000000000000000000${String((ids += 1)).padStart(3, '0')}`,
  });
  const session = (
    channel: 'wechat' | 'alipay',
    platform: SessionRecord['platform'] = channel === 'wechat' ? 'weapp' : 'alipay',
  ): SessionRecord => ({
    platform,
    channel,
    platformUserId: channel === 'wechat' ? 'openid-1' : '2088000000000001',
    createdAt: now,
    lastSeenAt: now,
  });
  return {
    service,
    refunds,
    cash,
    bills,
    inbox: () => inbox.page(PSN, { limit: 50 }).messages,
    call,
    wechat,
    alipay,
    session,
    advance: (ms: number) => void (now += ms),
  };
}

describe('the cash step', () => {
  it('places one order per bill however many taps arrive at once, and answers the same one again', async () => {
    const s = setup();
    const answers = await Promise.all([1, 2, 3].map(() => s.service.place(s.session('wechat'), BILL, {})));
    expect(new Set(answers.map((a) => a.orderId)).size).toBe(1);
    expect(s.wechat.orders.size).toBe(1);
    expect((await s.service.place(s.session('wechat'), BILL, {})).orderId).toBe(answers[0]!.orderId);
  });

  it('marks nothing paid on the phone’s return while the platform says open', async () => {
    const s = setup();
    await s.service.place(s.session('wechat'), BILL, {});
    s.advance(2000);
    await expect(s.service.status(s.session('wechat'), BILL)).resolves.toMatchObject({ state: 'open' });
    expect(s.bills.get(BILL)!.status).toBe('awaiting_cash');
    expect(s.call).not.toHaveBeenCalled();
  });

  it('closes the open order of another platform before placing a new one', async () => {
    const s = setup();
    const first = await s.service.place(s.session('wechat'), BILL, {});
    const second = await s.service.place(s.session('alipay'), BILL, {});
    expect(second.orderId).not.toBe(first.orderId);
    expect(s.wechat.orders.get(first.orderId)!.state).toBe('closed');
    expect(s.cash.get(first.orderId)!.status).toBe('closed');
    expect(s.cash.liveOf(BILL)).toMatchObject({ orderId: second.orderId, provider: 'alipay' });
  });

  it('tells the insurance platform once, however many notices and queries arrive together', async () => {
    const s = setup();
    const { orderId } = await s.service.place(s.session('wechat'), BILL, {});
    s.wechat.pay(orderId);
    s.advance(2000);
    await s.service.receiveNotice('wechatpay', s.wechat.notice(orderId, 'N1'));
    expect(await s.service.receiveNotice('wechatpay', s.wechat.notice(orderId, 'N1'))).toBe('duplicate');
    await s.service.receiveNotice('wechatpay', s.wechat.notice(orderId, 'N2'));
    await Promise.all([
      s.service.status(s.session('wechat'), BILL),
      s.service.sweep(),
      s.service.confirm(orderId),
    ]);
    expect(s.call).toHaveBeenCalledTimes(1);
    expect(s.call).toHaveBeenCalledWith('cashier.confirm', { psnNo: PSN, payOrdId: BILL });
    expect(s.bills.get(BILL)!.status).toBe('paid');
    // No notice of its own: the bill's notice says 诊间支付已完成 from the bill's state (inbox.ts).
    expect(s.inbox()).toEqual([]);
  });

  it('keeps the payment and confirms it later when the insurance platform is down', async () => {
    let down = true;
    const s = setup({
      confirm: async () => {
        if (down) throw new Error('connect ECONNREFUSED');
        return CONFIRMED;
      },
    });
    const { orderId } = await s.service.place(s.session('wechat'), BILL, {});
    s.wechat.pay(orderId);
    await s.service.receiveNotice('wechatpay', s.wechat.notice(orderId));
    await s.service.confirm(orderId);
    expect(s.cash.get(orderId)!.status).toBe('paid');
    expect(s.bills.get(BILL)!.status).toBe('awaiting_cash');
    await expect(s.service.status(s.session('wechat'), BILL)).resolves.toMatchObject({ state: 'confirming' });
    down = false;
    await expect(s.service.sweep()).resolves.toMatchObject({ confirmed: 1 });
    expect(s.bills.get(BILL)!.status).toBe('paid');
  });

  it('gives back, in full, money a platform took for an order already closed here, and says so', async () => {
    const s = setup();
    const first = await s.service.place(s.session('wechat'), BILL, {});
    await s.service.place(s.session('alipay'), BILL, {}); // closes the first
    // The first was paid at WeChat Pay all the same (its close lost the race on the platform side).
    s.wechat.orders.get(first.orderId)!.state = 'paid';
    await s.service.receiveNotice('wechatpay', s.wechat.notice(first.orderId));
    expect(s.cash.get(first.orderId)!.status).toBe('returned');
    expect(s.call).not.toHaveBeenCalled();
    await s.refunds.run();
    expect(s.wechat.refunds).toEqual([
      expect.objectContaining({ orderId: first.orderId, amountFen: CASH_FEN, reason: '重复支付退回' }),
    ]);
    const notice = s.inbox().find((m) => m.title === '重复支付已退回');
    expect(notice?.body).toContain('¥39.80已原路退回您的微信支付');
    expect(s.bills.get(BILL)!.status).toBe('awaiting_cash');
  });

  it('gives the cash back when the insurance platform will no longer take it', async () => {
    const s = setup({
      confirm: async () => {
        throw new InsuranceRefusal('ORDER_NOT_AWAITING_CASH', '订单当前没有待支付的自费部分');
      },
    });
    const { orderId } = await s.service.place(s.session('wechat'), BILL, {});
    s.wechat.pay(orderId);
    await s.service.receiveNotice('wechatpay', s.wechat.notice(orderId));
    await s.service.confirm(orderId);
    expect(s.cash.get(orderId)!.status).toBe('returned');
    await s.refunds.run();
    expect(s.wechat.refunds).toHaveLength(1);
    expect(s.inbox().find((m) => m.title === '现金已退回')).toBeTruthy();
  });

  it('refuses a notice about an order it does not have, or of another amount, and stores nothing', async () => {
    const s = setup();
    const { orderId } = await s.service.place(s.session('wechat'), BILL, {});
    await expect(
      s.service.receiveNotice('wechatpay', s.wechat.notice('C0000000000000000000000000000000')),
    ).rejects.toThrow(/no such order/);
    await expect(s.service.receiveNotice('alipay', s.alipay.notice(orderId))).rejects.toThrow(
      /no such order/,
    );
    const other = {
      header: () => undefined,
      rawBody: JSON.stringify({ notificationId: 'N', orderId, outcome: 'paid', amountFen: 1 }),
    };
    await expect(s.service.receiveNotice('wechatpay', other)).rejects.toThrow(/amount/);
    expect(s.cash.get(orderId)!.status).toBe('open');
  });

  it('answers the H5 demo’s cashier only where the demo is on, and never for a bill without cash waiting', async () => {
    const s = setup();
    await expect(s.service.place(s.session('wechat', 'h5'), BILL, {})).resolves.toMatchObject({
      provider: 'dev',
      platform: 'wechatpay',
      amountFen: CASH_FEN,
    });
    s.bills.setStatus(BILL, 'paid');
    await expect(s.service.place(s.session('wechat'), BILL, {})).rejects.toMatchObject({
      code: 'BILL_ALREADY_PAID',
    });
  });
});
