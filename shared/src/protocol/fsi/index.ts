// The 两定 interface (PROTOCOL.md §1) a counter's HIS speaks: each infno with its name, its
// `input` and its `output`, the envelope around them, and infcode.
import type { z } from 'zod';

import * as input from './inputs';
import * as output from './outputs';

export const FSI_INFNOS = {
  '9001': { name: '签到', input: input.SignInInput, output: output.SignInOutput },
  '9002': { name: '签退', input: input.SignOutInput, output: output.SignOutOutput },
  '1101': { name: '人员信息获取', input: input.PersonInfoInput, output: output.PersonInfoOutput },
  '1312': { name: '医保目录信息查询', input: input.CatalogueQueryInput, output: output.CatalogueQueryOutput },
  '2101': { name: '药店预结算', input: input.DrugSettlementInput, output: output.SettlementOutput },
  '2102': { name: '药店结算', input: input.DrugSettlementInput, output: output.SettlementOutput },
  '2103': { name: '药店结算撤销', input: input.ReversalInput, output: output.ReversalOutput },
  '2201': { name: '门诊挂号', input: input.RegisterInput, output: output.RegisterOutput },
  '2202': { name: '门诊挂号撤销', input: input.CancelRegistrationInput, output: output.NoOutput },
  '2203': { name: '就诊信息上传', input: input.VisitInfoInput, output: output.NoOutput },
  '2204': { name: '门诊费用明细上传', input: input.UploadFeesInput, output: output.UploadFeesOutput },
  '2205': { name: '门诊费用明细撤销', input: input.RevokeFeesInput, output: output.NoOutput },
  '2206': { name: '门诊预结算', input: input.OutpatientSettlementInput, output: output.SettlementOutput },
  '2207': { name: '门诊结算', input: input.OutpatientSettlementInput, output: output.SettlementOutput },
  '2208': { name: '门诊结算撤销', input: input.ReversalInput, output: output.ReversalOutput },
  '2601': { name: '冲正', input: input.CorrectionInput, output: output.CorrectionOutput },
} as const;
export type Infno = keyof typeof FSI_INFNOS;

/** What a counter sends as `input` (amounts in yuan). */
export type FsiRequestInput<N extends Infno> = z.input<(typeof FSI_INFNOS)[N]['input']>;
/** `input` as the platform reads it (amounts in fen). */
export type FsiInput<N extends Infno> = z.output<(typeof FSI_INFNOS)[N]['input']>;
/** `output` of a successful answer. */
export type FsiOutput<N extends Infno> = z.output<(typeof FSI_INFNOS)[N]['output']>;

export {
  FSI_PATH,
  FsiEnvelopeSchema,
  fsiMsgid,
  FsiResponseSchema,
  INFCODE,
  type FsiEnvelope,
  type FsiRequest,
  type FsiResponse,
} from './envelope';
export { describeIssues as describeFsiIssues } from './fields';
export { ALL_BATCHES } from './inputs';
export { Setldetail, Setlinfo } from './outputs';
export { beijingTime, parseChinaTime } from './time';
