// The channel API the BFF calls (PROTOCOL.md §3 envelope): one gateway path, the operation
// named by the signed head's `method`, and for each operation the request's and the answer's
// schema. Answers are readable camelCase with amounts in fen.
import type { z } from 'zod';

import { PATHS } from '../paths';
import { CODE_OPERATIONS } from './codes';
import { DIRECTORY_OPERATIONS } from './directory';
import { FAMILY_OPERATIONS } from './family';
import { PAYMENT_OPERATIONS } from './payments';
import { PEOPLE_OPERATIONS } from './people';
import { REMOTE_CARE_OPERATIONS } from './remote-care';
import { SYSTEM_OPERATIONS } from './system';
import { VOUCHER_OPERATIONS } from './voucher';

export const CHANNEL_GATEWAY_PATH = PATHS.channelGateway;

export const CHANNEL_OPERATIONS = {
  ...SYSTEM_OPERATIONS,
  ...PEOPLE_OPERATIONS,
  ...FAMILY_OPERATIONS,
  ...DIRECTORY_OPERATIONS,
  ...REMOTE_CARE_OPERATIONS,
  ...VOUCHER_OPERATIONS,
  ...CODE_OPERATIONS,
  ...PAYMENT_OPERATIONS,
} as const;

export type ChannelMethod = keyof typeof CHANNEL_OPERATIONS;
export const CHANNEL_METHODS = Object.keys(CHANNEL_OPERATIONS) as ChannelMethod[];

/** What a caller sends for `method` (before defaults). */
export type ChannelRequest<M extends ChannelMethod> = z.input<(typeof CHANNEL_OPERATIONS)[M]['input']>;
/** What the platform's operation receives, parsed. */
export type ChannelInput<M extends ChannelMethod> = z.output<(typeof CHANNEL_OPERATIONS)[M]['input']>;
/** What the platform answers, as the operation returns it (nulls and empty lists included). */
export type ChannelAnswerData<M extends ChannelMethod> = z.input<(typeof CHANNEL_OPERATIONS)[M]['answer']>;
/** The answer once parsed: what the envelope dropped (null, [], "") is back. */
export type ChannelAnswer<M extends ChannelMethod> = z.output<(typeof CHANNEL_OPERATIONS)[M]['answer']>;

export { CHANNEL_REFUSALS, type ChannelRefusalCode } from './refusals';
export { CODE_STATUSES, CodeSettlement } from './codes';
export {
  CARE_RULES,
  type CareRule,
  CareTreatment,
  CATALOGUE_CATEGORIES,
  CATALOGUE_CLASSES,
  CatalogueItem,
  Estimate,
  Institution,
  INSTITUTION_KINDS,
} from './directory';
export { FAMILY_RELATIONS, FamilyMember, type FamilyRelation } from './family';
export { PersonsOrder } from './payments';
export { LEDGER_KINDS, PersonSummary, SETTLEMENT_KINDS, SettlementView } from './people';
export { REMOTE_CARE_REASONS, RemoteCareFiling, type RemoteCareReason } from './remote-care';
export { insuranceSummary as InsuranceSummary } from './schemas';
export { VOUCHER_STATUSES } from './voucher';
