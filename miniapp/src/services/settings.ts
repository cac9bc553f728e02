// 设置's pages and what they share: where they are, the identity a claim refused for its
// stopped phone hands to the phone replacement (kept in memory only). 大字模式: large-text.ts.
import type { DocumentType, RecoveryPurpose } from '@ybm/shared';

export const SETTINGS_PAGE = '/pages/settings/index';
export const CHANGE_PASSWORD_PAGE = '/pages/settings/password/index';
export const FRAUD_TIPS_PAGE = '/pages/settings/fraud/index';

/** The recovery page for a purpose, optionally letting a claim go on afterwards. */
export function recoverPage(purpose: RecoveryPurpose, claimId?: string): string {
  return `/pages/settings/recover/index?purpose=${purpose}${claimId ? `&claimId=${claimId}` : ''}`;
}

export interface EnteredIdentity {
  name: string;
  docType: DocumentType;
  docNumber: string;
}

let entered: EnteredIdentity | undefined;

/** The claim's identity step remembers what was typed, so the replacement need not ask again. */
export function rememberIdentity(identity: EnteredIdentity | undefined): void {
  entered = identity;
}
export const rememberedIdentity = (): EnteredIdentity | undefined => entered;
