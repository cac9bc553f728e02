// What every store suite shares: a fresh set of stores per test on a clock the test moves, and
// the records the suites write (a bill, a binding, …) in their plainest valid form.
import type { Binding, BillDetails, ClaimRecord } from '../../bff/src/store/records';
import type { Stores } from '../../bff/src/store/ports';
import type { StoreImplementation } from './implementations';

/** 2026-12-07 10:00 UTC: when every test starts. */
export const T0 = Date.parse('2026-12-07T10:00:00Z');

export interface StoresUnderTest {
  readonly stores: Stores;
  /** The clock the stores read (epoch ms). */
  now(): number;
  advance(ms: number): void;
}

/** Opens `implementation` afresh before each test (clock at T0) and closes it after. */
export function storesUnderTest(implementation: StoreImplementation): StoresUnderTest {
  let clock = T0;
  let opened: Awaited<ReturnType<StoreImplementation['open']>> | undefined;
  beforeEach(async () => {
    clock = T0;
    opened = await implementation.open(() => clock);
  });
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });
  return {
    get stores() {
      if (!opened) throw new Error('stores are open only inside a test');
      return opened.stores;
    },
    now: () => clock,
    advance(ms) {
      clock += ms;
    },
  };
}

export const DETAILS: BillDetails = {
  institutionName: '绥化市第一人民医院',
  deptName: '普通内科',
  items: [{ name: '普通门诊诊查费', qty: 1, priceFen: 1000, amountFen: 1000 }],
  totalFen: 1000,
  preSettled: { fundFen: 600, accountFen: 300, cashFen: 100 },
};

export function bill(billId: string, psnNo = 'P001') {
  return {
    billId,
    psnNo,
    appId: 'YBMWXMP000000001',
    payToken: `PT-${billId}`,
    details: DETAILS,
    createdAt: '2026-12-07T10:00:00.000Z',
  };
}

export function binding(
  platformUserId: string,
  psnNo = 'P001',
  channel: Binding['channel'] = 'wechat',
): Binding {
  return {
    channel,
    platformUserId,
    psnNo,
    maskedName: '张*',
    maskedIdNumber: '2301**********0011',
    insutype: '310',
    regionName: '绥化市',
    activatedAt: T0,
  };
}

/** A claim at its SMS step, holding the person's data, live for 30 minutes from `at`. */
export function claim(claimId: string, at = T0, platformUserId = 'openid-1'): ClaimRecord {
  return {
    claimId,
    channel: 'wechat',
    platformUserId,
    step: 'sms',
    consentVersion: '2026-11',
    name: '张三',
    docType: 'resident_id',
    docNumber: '230102198001010011',
    birthDate: '1980-01-01',
    psnNo: 'P001',
    activationId: null,
    phone: '13800000000',
    maskedName: '张*',
    syncAvailable: true,
    smsCodeHash: 'hash',
    smsSentAt: at,
    smsExpiresAt: at + 5 * 60_000,
    smsAttempts: 0,
    faceId: null,
    faceAttempts: 0,
    createdAt: at,
    expiresAt: at + 30 * 60_000,
  };
}

/** Records a platform event (the parent of inbox rows and voucher events) by its id. */
export async function platformEvent(stores: Stores, eventId: string, at = T0): Promise<void> {
  await stores.events.record(
    {
      eventId,
      type: 'bill.created',
      appId: 'YBMWXMP000000001',
      occurredAt: new Date(at).toISOString(),
      payload: {},
    },
    undefined,
    at,
  );
}
