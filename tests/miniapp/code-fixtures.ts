// Codes, events and settlements for the code page's tests, shaped by @ybm/shared's schemas.
// Codes are issued "now" on whatever clock the test runs (jest's fake one included).
import type { SettlementRecord, SettlementSplit, VoucherCode, VoucherEvent } from '@ybm/shared';

export const PHARMACY = '绥化市第一大药房';

let serial = 0;

/** A fresh code, valid 60 s from now, with the event cursor the BFF would give. */
export function issuedCode(cursor = 10): VoucherCode {
  serial += 1;
  const now = Date.now();
  return {
    code: `YB1${String(serial).padStart(12, '0')}MAC${String(serial).padStart(7, '0')}`,
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 60_000).toISOString(),
    cursor,
    maskedName: '刘*',
    insuranceType: '职工基本医疗保险',
    regionName: '绥化市',
  };
}

export const SETTLEMENT: SettlementSplit = {
  setlId: 'S20261122000001',
  totalFen: 12_345,
  fundFen: 8_000,
  accountFen: 3_345,
  cashFen: 1_000,
  balanceAfterFen: 96_655,
  settledAt: '2026-11-22T02:05:00.000Z',
  institutionName: PHARMACY,
};

export function touched(kind: 'scanned' | 'verified', code: string, id: number): VoucherEvent {
  return { id, kind, code, at: new Date().toISOString(), institutionName: PHARMACY };
}

export function settled(code: string, id: number, settlement = SETTLEMENT): VoucherEvent {
  return { id, kind: 'settled', code, at: settlement.settledAt, institutionName: PHARMACY, settlement };
}

/** The counter took a settlement back (or a correction put it back): the balance after it. */
export function settlementChanged(
  kind: 'reversed' | 'reinstated',
  code: string,
  id: number,
  settlement = SETTLEMENT,
): VoucherEvent {
  const balanceAfterFen =
    (settlement.balanceAfterFen ?? 0) + (kind === 'reversed' ? settlement.accountFen : 0);
  return {
    id,
    kind,
    code,
    at: '2026-11-22T02:10:00.000Z',
    institutionName: settlement.institutionName,
    settlement: { ...settlement, balanceAfterFen },
  };
}

export function record(overrides: Partial<SettlementRecord> = {}): SettlementRecord {
  return {
    recordId: 'S1',
    kind: 'pharmacy',
    status: 'settled',
    medium: 'code',
    totalFen: 12_345,
    fundFen: 8_000,
    accountFen: 3_345,
    cashFen: 1_000,
    balanceAfterFen: 96_655,
    settledAt: '2026-11-22T02:05:00.000Z',
    institutionName: PHARMACY,
    regionName: '绥化市',
    refunds: [],
    ...overrides,
  };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
