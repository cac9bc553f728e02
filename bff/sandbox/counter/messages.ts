// The 两定 messages a counter sends, built from readable values: 1101 identify, 2101/2102
// pharmacy settlement, 2201 + 2204 a hospital visit with its fees, 2206/2207 outpatient
// settlement — each `input` as the protocol module defines it; the sender reads every answer
// with the protocol's output schema.
import { fenToYuan, yuanToFen } from '@ybm/shared';
import {
  beijingTime,
  type FsiOutput,
  type FsiRequestInput,
  type Infno,
  type Setlinfo,
} from '@ybm/shared/protocol';
import type { z } from 'zod';

import { CounterError } from './protocol';

export interface BasketItem {
  code: string;
  qty: number;
  priceFen: number;
  name?: string;
}

export interface SettlementSummary {
  setlId: string;
  mdtrtId: string;
  psnNo: string;
  totalFen: number;
  fundFen: number;
  accountFen: number;
  cashFen: number;
  balanceAfterFen: number;
  setlinfo: Record<string, unknown>;
}

/** What scan 1 learnt, kept until scan 2 (serialisable: the CLI stores it as JSON). */
export interface CounterVisit {
  institution: string;
  kind: 'pharmacy' | 'hospital';
  psnNo: string;
  name: string;
  insutype: '310' | '390';
  insuplc: string;
  balanceFen: number;
  basket: BasketItem[];
  mdtrtId: string;
  preSettlement: SettlementSummary;
}

export interface SettlementRef {
  setlId: string;
  psnNo: string;
  mdtrtId: string;
  kind: 'pharmacy' | 'hospital';
  insuplc: string;
}

const yuan = (fen: number) => Number(fenToYuan(fen));
const fen = (value: number) => yuanToFen(String(value));

export function summary(setlinfo: z.output<typeof Setlinfo>): SettlementSummary {
  return {
    setlId: setlinfo.setl_id,
    mdtrtId: setlinfo.mdtrt_id,
    psnNo: setlinfo.psn_no,
    totalFen: fen(setlinfo.medfee_sumamt),
    fundFen: fen(setlinfo.fund_pay_sumamt),
    accountFen: fen(setlinfo.acct_pay),
    cashFen: fen(setlinfo.psn_cash_pay),
    balanceAfterFen: fen(setlinfo.balc),
    setlinfo,
  };
}

export interface Person {
  psnNo: string;
  name: string;
  insutype: '310' | '390';
  insuplc: string;
  balanceFen: number;
}

export type Send = <N extends Infno>(
  infno: N,
  input: FsiRequestInput<N>,
  insuplc?: string,
) => Promise<FsiOutput<N>>;

export interface Cert {
  type: '01' | '02' | '03';
  no: string;
  cardSn?: string;
}

const certFields = (cert: Cert) => ({
  mdtrt_cert_type: cert.type,
  mdtrt_cert_no: cert.no,
  ...(cert.cardSn ? { card_sn: cert.cardSn } : {}),
});
export const totalOf = (basket: BasketItem[]) =>
  basket.reduce((sum, item) => sum + Math.round(item.qty * item.priceFen), 0);

/** The message builders over a sender (which signs in and numbers the messages). */
export function counterMessages(send: Send, now: () => number) {
  async function identify(cert: Cert): Promise<Person> {
    const output = await send('1101', {
      data: {
        ...certFields(cert),
        ...(cert.type === '02' ? { psn_cert_type: '01', certno: cert.no } : {}),
        begntime: beijingTime(now()).infTime,
      },
    });
    const insurance = output.insuinfo[0];
    if (!insurance) throw new CounterError('1101', 'NOT_INSURED', '该人员无参保信息');
    return {
      psnNo: output.baseinfo.psn_no,
      name: output.baseinfo.psn_name,
      insutype: insurance.insutype,
      insuplc: insurance.insuplc_admdvs,
      balanceFen: fen(insurance.balc),
    };
  }

  /** 2101 or 2102 for a pharmacy basket. */
  async function pharmacy(
    infno: '2101' | '2102',
    person: Person,
    cert: Cert,
    basket: BasketItem[],
    extra = {},
  ) {
    const output = await send(
      infno,
      {
        druginfo: {
          psn_no: person.psnNo,
          ...certFields(cert),
          begntime: beijingTime(now()).infTime,
          medfee_sumamt: yuan(totalOf(basket)),
          insutype: person.insutype,
          acct_used_flag: '1',
          med_type: '41',
          psn_setlway: '01',
          ...extra,
        },
        drugdetail: basket.map((item, index) => ({
          feedetl_sn: String(index + 1).padStart(4, '0'),
          med_list_codg: item.code,
          medins_list_codg: item.code,
          det_item_fee_sumamt: yuan(Math.round(item.qty * item.priceFen)),
          cnt: item.qty,
          pric: yuan(item.priceFen),
        })),
      },
      person.insuplc,
    );
    return summary(output.setlinfo);
  }

  /** 2201 + 2204 for a hospital visit: returns the mdtrt_id. */
  async function openVisit(person: Person, cert: Cert, basket: BasketItem[]): Promise<string> {
    const registered = await send(
      '2201',
      {
        data: {
          psn_no: person.psnNo,
          insutype: person.insutype,
          begntime: beijingTime(now()).infTime,
          ...certFields(cert),
          ipt_otp_no: `MZ${beijingTime(now()).compact}`,
          dept_name: '普通内科',
          dr_name: '李医生',
        },
      },
      person.insuplc,
    );
    const mdtrtId = registered.data.mdtrt_id;
    await send(
      '2204',
      {
        feedetail: basket.map((item, index) => ({
          feedetl_sn: String(index + 1).padStart(4, '0'),
          mdtrt_id: mdtrtId,
          psn_no: person.psnNo,
          chrg_bchno: '1',
          med_list_codg: item.code,
          det_item_fee_sumamt: yuan(Math.round(item.qty * item.priceFen)),
          cnt: item.qty,
          pric: yuan(item.priceFen),
        })),
      },
      person.insuplc,
    );
    return mdtrtId;
  }

  /** 2206 or 2207 over the uploaded fees. */
  async function outpatient(
    infno: '2206' | '2207',
    person: Person,
    cert: Cert,
    visit: { mdtrtId: string; totalFen: number },
    extra = {},
  ) {
    const output = await send(
      infno,
      {
        data: {
          psn_no: person.psnNo,
          ...certFields(cert),
          med_type: '11',
          medfee_sumamt: yuan(visit.totalFen),
          psn_setlway: '01',
          mdtrt_id: visit.mdtrtId,
          chrg_bchno: '1',
          insutype: person.insutype,
          acct_used_flag: '1',
          ...extra,
        },
      },
      person.insuplc,
    );
    return summary(output.setlinfo);
  }

  return { identify, pharmacy, openVisit, outpatient };
}
