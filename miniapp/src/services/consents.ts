// The consent record as 授权管理 shows it: the BFF's rows (one per document, newest first)
// gathered into consent acts — the documents agreed to together, at one time, on one account.
import type { AgreementKey, ConsentRecord } from '@ybm/shared';

export const PLATFORM_NAMES: Readonly<Record<ConsentRecord['platform'], string>> = {
  wechat: '微信',
  alipay: '支付宝',
};

export interface ConsentAct {
  agreedAt: string;
  platform: ConsentRecord['platform'];
  /** When the voucher claimed with it was bound to the account; absent: that claim never finished. */
  boundAt?: string;
  documents: { key: AgreementKey; title: string; version: string }[];
}

export function consentActs(records: readonly ConsentRecord[]): ConsentAct[] {
  const acts: ConsentAct[] = [];
  for (const record of records) {
    const last = acts[acts.length - 1];
    const document = { key: record.document, title: record.title, version: record.version };
    if (
      last &&
      last.agreedAt === record.agreedAt &&
      last.platform === record.platform &&
      last.boundAt === record.boundAt
    ) {
      last.documents.push(document);
    } else {
      acts.push({
        agreedAt: record.agreedAt,
        platform: record.platform,
        ...(record.boundAt ? { boundAt: record.boundAt } : {}),
        documents: [document],
      });
    }
  }
  const order: AgreementKey[] = ['terms', 'privacy', 'sensitive'];
  for (const act of acts) act.documents.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  return acts;
}
