// What a counter presents to identify a person besides a code: the 社会保障卡 (card number
// and card serial), and the psn_cert_type / idType codes for each kind of document.
import type { DocumentType } from '@ybm/shared';

import type { SandboxContext } from '../context';
import { preparedStatements } from './prepared';

/** psn_cert_type of the 两定 interface (and idType of ec.query) per document type. */
export const CERT_TYPE_BY_DOCUMENT: Record<DocumentType, string> = {
  resident_id: '01',
  hk_macao_permit: '04',
  taiwan_permit: '06',
  foreign_permanent_residence: '07',
  passport: '08',
};

export const DOCUMENT_BY_CERT_TYPE = Object.fromEntries(
  Object.entries(CERT_TYPE_BY_DOCUMENT).map(([doc, cert]) => [cert, doc as DocumentType]),
) as Record<string, DocumentType | undefined>;

const sql = preparedStatements((db) => ({
  card: db.prepare<[string], { psnNo: string; cardSn: string; status: string }>(
    'SELECT psn_no AS psnNo, card_sn AS cardSn, status FROM social_cards WHERE card_no = ?',
  ),
}));

export function socialCard(ctx: Pick<SandboxContext, 'db'>, cardNo: string) {
  return sql(ctx).card.get(cardNo);
}
