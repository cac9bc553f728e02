// @ybm/shared: the contract the mini-program and the BFF both import — schemas, the endpoints
// table, error codes, money, masking, ID documents, agreements. Browser-safe (zod only). The
// other entry points (package.json `exports`): @ybm/shared/gm (the GM envelope), and, for
// servers only, @ybm/shared/node (SQLite, native SM3/SM4) and @ybm/shared/protocol.
import './zod-setup';

export * from './agreements';
export * from './endpoints';
export * from './errors';
export * from './id-document';
export * from './mask';
export * from './money';
export * from './password-rules';
export * from './refunds';
export * from './retry';
export * from './schemas/account';
export * from './schemas/bill';
export * from './schemas/cash';
export * from './schemas/claim';
export * from './schemas/common';
export * from './schemas/consent';
export * from './schemas/settings';
export * from './schemas/family';
export * from './schemas/fund-reasons';
export * from './schemas/meta';
export * from './schemas/services';
export * from './schemas/session';
export * from './schemas/system';
export * from './schemas/voucher';
