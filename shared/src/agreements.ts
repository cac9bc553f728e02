// The documents a person agrees to when claiming the voucher, with the version and the date
// each took effect. The phone shows these titles and versions, and the BFF records which
// versions were agreed to (GET /api/v1/me/consents), so both always name the same text.

export const AGREEMENT_KEYS = ['terms', 'privacy', 'sensitive'] as const;
export type AgreementKey = (typeof AGREEMENT_KEYS)[number];

export interface Agreement {
  key: AgreementKey;
  title: string;
  version: string;
  /** YYYY-MM-DD, China time. */
  effectiveDate: string;
}

export const AGREEMENTS: Readonly<Record<AgreementKey, Agreement>> = {
  terms: { key: 'terms', title: '医保电子凭证用户服务协议', version: '2026-11', effectiveDate: '2026-11-01' },
  // 2026-12: what withdrawing consent deletes, and what the audit keeps for how long (issue 24).
  privacy: { key: 'privacy', title: '隐私政策', version: '2026-12', effectiveDate: '2026-12-07' },
  // PIPL art. 29: sensitive personal information needs its own, separate consent.
  sensitive: {
    key: 'sensitive',
    title: '敏感个人信息处理规则',
    version: '2026-11',
    effectiveDate: '2026-11-01',
  },
};

/**
 * The version of the consent a claim starts with (the claim's consent body carries it): it
 * stands for the documents below at their versions. A new version of any document gets a new
 * CONSENT_VERSION, so an old phone's consent is refused rather than recorded for unseen text,
 * and a person who agreed to an older text is asked again when they next sign in (GET /me's
 * `consentRequired`, POST /me/consents).
 * 2026-11: every document at 2026-11. 2026-12: 隐私政策 2026-12.
 */
export const CONSENT_VERSION = '2026-12';

/** What one consent to claim covers: every document, each at its current version. */
export const CONSENT_DOCUMENTS: readonly Pick<Agreement, 'key' | 'version'>[] = AGREEMENT_KEYS.map((key) => ({
  key,
  version: AGREEMENTS[key].version,
}));
