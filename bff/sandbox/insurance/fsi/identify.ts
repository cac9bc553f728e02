// Who stands at the counter, from what the counter presents (mdtrt_cert_type): 01 an
// ecToken from a scanned code, 02 an ID document number, 03 a social security card with
// its card_sn — plus the checks that go with it (参保地, the voucher password).
import type { SandboxContext } from '../context';
import { decryptPasswordCipher, verifyPassword } from '../domain/password';
import { resolveEcToken } from '../domain/ec-token';
import { DOCUMENT_BY_CERT_TYPE, socialCard } from '../domain/identity';
import { activeInsurance, findPersonByDocument } from '../domain/people';
import type { FsiCall } from './dispatch';
import { FsiError } from './errors';

export interface Presented {
  certType: '01' | '02' | '03';
  certNo: string;
  cardSn?: string | undefined;
  /** psn_cert_type of an 02 document (01 居民身份证 when absent). */
  psnCertType?: string | undefined;
  /** psn_no the counter already knows (from 1101): must be the same person. */
  psnNo?: string | undefined;
}

export interface Identified {
  psnNo: string;
  certType: '01' | '02' | '03';
  /** The e-voucher code behind an ecToken. */
  code: string | null;
  /** That code was already settled: the token's visit is over. */
  codeSettled: boolean;
}

function byDocument(ctx: SandboxContext, presented: Presented): string {
  const docType = DOCUMENT_BY_CERT_TYPE[presented.psnCertType ?? '01'];
  if (!docType) throw new FsiError(`人员证件类型[${presented.psnCertType}]不支持`);
  const candidates = [...new Set(findPersonByDocument(ctx, docType, presented.certNo).map((p) => p.psnNo))];
  if (presented.psnNo) {
    if (!candidates.includes(presented.psnNo)) throw new FsiError('证件号码与人员编号不符');
    return presented.psnNo;
  }
  if (candidates.length === 0) throw new FsiError('未查询到该证件号码的参保人员');
  if (candidates.length === 1) return candidates[0] ?? '';
  // Several person records for one document: the one still insured is the person.
  const active = candidates.filter((psnNo) => activeInsurance(ctx, psnNo)?.status === 'active');
  if (active.length === 1) return active[0] ?? '';
  throw new FsiError('该证件号码对应多条参保人员记录，请到参保地经办机构核实');
}

export function identify(ctx: SandboxContext, call: FsiCall, presented: Presented): Identified {
  const certType = presented.certType;
  if (certType === '01') {
    const grant = resolveEcToken(ctx, presented.certNo, call.fixmedinsCode);
    if (presented.psnNo && grant.psnNo !== presented.psnNo) throw new FsiError('电子凭证令牌与人员编号不符');
    return { psnNo: grant.psnNo, certType, code: grant.code, codeSettled: grant.settled };
  }
  if (certType === '02')
    return { psnNo: byDocument(ctx, presented), certType, code: null, codeSettled: false };
  const card = socialCard(ctx, presented.certNo);
  if (!card) throw new FsiError('社会保障卡不存在');
  if (card.status !== 'active') throw new FsiError('社会保障卡已挂失或注销，请使用医保电子凭证或身份证');
  if (!presented.cardSn) throw new FsiError('使用社会保障卡需提供卡识别码(card_sn)');
  if (presented.cardSn !== card.cardSn) throw new FsiError('社会保障卡识别码(card_sn)不符');
  if (presented.psnNo && card.psnNo !== presented.psnNo) throw new FsiError('社会保障卡与人员编号不符');
  return { psnNo: card.psnNo, certType, code: null, codeSettled: false };
}

/** insuplc_admdvs is required once the message names a person, and must be their 参保地. */
export function checkInsuredPlace(ctx: SandboxContext, call: FsiCall, psnNo: string): void {
  if (!call.insuplcArea) throw new FsiError('缺少参保地医保区划(insuplc_admdvs)');
  const insurance = activeInsurance(ctx, psnNo);
  if (insurance && insurance.regionCode !== call.insuplcArea) {
    throw new FsiError(`参保地医保区划[${call.insuplcArea}]与人员参保地不符`);
  }
}

/** The voucher password (psn_pwd: SM2 cipher with the platform key) of the person. */
export async function checkPassword(ctx: SandboxContext, psnNo: string, cipher: string | undefined) {
  if (!cipher) throw new FsiError('使用个人账户支付需输入医保电子凭证密码(psn_pwd)');
  const result = await verifyPassword(ctx, psnNo, decryptPasswordCipher(ctx, cipher));
  if (result.ok) return;
  throw new FsiError(
    result.locked
      ? '医保电子凭证密码错误次数过多，今日已锁定，请明日再试'
      : `医保电子凭证密码错误，今日还可尝试${result.remaining}次`,
  );
}
