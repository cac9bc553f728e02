// A pharmacy or hospital counter as a library, speaking only the public protocol: sign in
// (9001), scan 1 (ec.query → 1101 → pre-settlement), scan 2 (ec.query → settlement), the
// social security card and ID card + password alternatives, and reversal. Pharmacies use
// 2101/2102/2103; hospitals register and upload fees (2201/2204) and use 2206/2207/2208.
import { publicKeyHex, type EnvelopeChannel } from '@ybm/shared/gm';
import type { EC_BUSINESS_TYPES, FsiOutput, FsiRequestInput, Infno } from '@ybm/shared/protocol';
import { sm2 } from 'sm-crypto-v2';

import {
  counterMessages,
  summary,
  totalOf,
  type BasketItem,
  type Cert,
  type Person,
  type CounterVisit,
  type SettlementRef,
  type SettlementSummary,
} from './messages';
import { createEcSender, createFsiSender, CounterError, type Endpoint } from './protocol';

export { CounterError };
export type { BasketItem, CounterVisit, SettlementRef, SettlementSummary };

export interface CounterOptions extends Endpoint {
  institution: { code: string; name?: string; regionCode?: string; kind?: 'pharmacy' | 'hospital' };
  /** The HIS channel: appId, appSecret, its own keys, the platform's public key as peer. */
  channel: EnvelopeChannel;
  operator?: { id: string; name: string };
  /** A sign_no from an earlier sign-in (the CLI keeps it between runs). */
  signNo?: string;
  /** The last msgid sequence used (the CLI keeps it so runs in one second do not collide). */
  seq?: number;
  /** Scan 1's visit and the settlements made, from an earlier run. */
  lastVisit?: CounterVisit;
  settlements?: SettlementRef[];
}

export function createCounter(options: CounterOptions) {
  const now = options.now ?? Date.now;
  const institution = options.institution.code;
  const kind = options.institution.kind ?? (institution[6] === 'P' ? 'pharmacy' : 'hospital');
  const operator = options.operator ?? { id: 'OP001', name: '收款员' };
  const fsi = createFsiSender(
    options,
    {
      institution,
      institutionName: options.institution.name ?? institution,
      regionCode: options.institution.regionCode ?? institution.slice(0, 6),
      operatorId: operator.id,
      operatorName: operator.name,
    },
    { seq: options.seq ?? Math.floor(Math.random() * 9000) },
  );
  const ec = createEcSender(options, options.channel, institution);
  let signNo = options.signNo;
  let lastVisit: CounterVisit | undefined = options.lastVisit;
  const settlements = new Map<string, SettlementRef>(
    (options.settlements ?? []).map((ref) => [ref.setlId, ref]),
  );

  async function signIn(): Promise<string> {
    const output = await fsi.send('9001', { signIn: { opter_no: operator.id, mac: '', ip: '' } }, {});
    signNo = output.signinoutb.sign_no;
    return signNo;
  }
  const send = async <N extends Infno>(
    infno: N,
    input: FsiRequestInput<N>,
    insuplc?: string,
  ): Promise<FsiOutput<N>> => {
    const attempt = () => fsi.send(infno, input, { signNo: signNo ?? '', ...(insuplc ? { insuplc } : {}) });
    if (!signNo) await signIn();
    try {
      return await attempt();
    } catch (error) {
      // A sign_no from an earlier run the platform no longer knows: sign in again, once.
      if (!(error instanceof CounterError && /sign_no/.test(error.message))) throw error;
      await signIn();
      return attempt();
    }
  };

  /** ec.query for what the code is scanned for (02121 药店购药, 01101 挂号, 01301 结算). */
  async function scan(code: string, businessType: keyof typeof EC_BUSINESS_TYPES): Promise<string> {
    const data = await ec('ec.query', {
      orgId: institution,
      businessType,
      operatorId: operator.id,
      operatorName: operator.name,
      ecQrCode: code.trim(),
    });
    return data.ecToken;
  }

  const { identify, pharmacy, openVisit, outpatient } = counterMessages(send, now);

  function remember(result: SettlementSummary, person: Person): SettlementSummary {
    settlements.set(result.setlId, {
      setlId: result.setlId,
      psnNo: person.psnNo,
      mdtrtId: result.mdtrtId,
      kind,
      insuplc: person.insuplc,
    });
    return result;
  }

  /** Scan 1 through pre-settlement, then settlement, for one certificate (card / ID). */
  async function settleDirect(cert: Cert, basket: BasketItem[], extra: Record<string, unknown>) {
    const person = await identify(cert);
    if (kind === 'pharmacy') {
      const preview = await pharmacy('2101', person, cert, basket);
      return remember(
        await pharmacy('2102', person, cert, basket, { mdtrt_id: preview.mdtrtId, ...extra }),
        person,
      );
    }
    const mdtrtId = await openVisit(person, cert, basket);
    const visit = { mdtrtId, totalFen: totalOf(basket) };
    await outpatient('2206', person, cert, visit);
    return remember(await outpatient('2207', person, cert, visit, extra), person);
  }

  return {
    institution,
    kind,
    signIn,
    /** 9002 at the end of the day; null when this counter is not signed in. */
    async signOut(): Promise<{ signNo: string; signTime: string } | null> {
      if (!signNo) return null;
      const closing = signNo;
      const output = await fsi.send(
        '9002',
        { signOut: { sign_no: closing, opter_no: operator.id } },
        { signNo: closing },
      );
      signNo = undefined;
      return { signNo: closing, signTime: output.signoutoutb.sign_time };
    },
    /** The counter's state worth keeping between runs. */
    state: () => ({ signNo, seq: fsi.seq, lastVisit, settlements: [...settlements.values()] }),

    /** Scan 1: decode the code, verify identity (1101), pre-settle the basket. */
    async scanIdentity(code: string, basket: BasketItem[]): Promise<CounterVisit> {
      const cert: Cert = { type: '01', no: await scan(code, kind === 'pharmacy' ? '02121' : '01101') };
      const person = await identify(cert);
      let preSettlement: SettlementSummary;
      if (kind === 'pharmacy') preSettlement = await pharmacy('2101', person, cert, basket);
      else {
        const mdtrtId = await openVisit(person, cert, basket);
        preSettlement = await outpatient('2206', person, cert, { mdtrtId, totalFen: totalOf(basket) });
      }
      lastVisit = { institution, kind, ...person, basket, mdtrtId: preSettlement.mdtrtId, preSettlement };
      return lastVisit;
    },

    /** Scan 2: a fresh code of the same person settles the visit of scan 1. */
    async settle(code: string, visit: CounterVisit | undefined = lastVisit): Promise<SettlementSummary> {
      if (!visit) throw new CounterError('settle', 'NO_VISIT', '没有待结算的就诊：请先扫码(scan)');
      const cert: Cert = { type: '01', no: await scan(code, kind === 'pharmacy' ? '02121' : '01301') };
      const person = {
        psnNo: visit.psnNo,
        name: visit.name,
        insutype: visit.insutype,
        insuplc: visit.insuplc,
        balanceFen: visit.balanceFen,
      };
      const result =
        kind === 'pharmacy'
          ? await pharmacy('2102', person, cert, visit.basket, { mdtrt_id: visit.mdtrtId })
          : await outpatient('2207', person, cert, {
              mdtrtId: visit.mdtrtId,
              totalFen: visit.preSettlement.totalFen,
            });
      lastVisit = undefined;
      return remember(result, person);
    },

    /** 居民身份证 + the voucher password (SM2-encrypted with the platform's public key). */
    settleWithIdCard(idNo: string, password: string, basket: BasketItem[]) {
      const cipher = sm2.doEncrypt(password, publicKeyHex(options.channel.peerPublicKey), 1) as string;
      return settleDirect({ type: '02', no: idNo.toUpperCase() }, basket, { psn_pwd: cipher });
    },

    /** 社会保障卡: card number and its card_sn, read from the chip. */
    settleWithCard(cardNo: string, cardSn: string, basket: BasketItem[]) {
      return settleDirect({ type: '03', no: cardNo, cardSn }, basket, {});
    },

    /** 2103 (pharmacy) or 2208 (hospital) of a settlement this counter made (or one described). */
    async reverse(
      setlId: string,
      ref: SettlementRef | undefined = settlements.get(setlId),
    ): Promise<SettlementSummary> {
      if (!ref) throw new CounterError('reverse', 'UNKNOWN_SETTLEMENT', `不知道结算 ${setlId} 的人员和就诊`);
      const output = await send(
        ref.kind === 'pharmacy' ? '2103' : '2208',
        { data: { setl_id: setlId, mdtrt_id: ref.mdtrtId, psn_no: ref.psnNo } },
        ref.insuplc,
      );
      settlements.delete(setlId);
      return summary(output.setlinfo);
    },

    /** 1312: catalogue rows by name or code. */
    async catalogue(query: { name?: string; code?: string; page?: number; size?: number }) {
      return send('1312', {
        data: {
          ...(query.name ? { hilist_name: query.name } : {}),
          ...(query.code ? { hilist_code: query.code } : {}),
          page_num: query.page ?? 1,
          page_size: query.size ?? 20,
        },
      });
    },
  };
}

export type Counter = ReturnType<typeof createCounter>;
