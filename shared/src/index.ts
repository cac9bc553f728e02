// @ybm/shared: the contract the mini-program and the BFF both import.
// Node-only code (gm/node.ts) is deliberately not re-exported here.
import './zod-setup';

export * from './agreements';
export * from './endpoints';
export * from './errors';
export * from './gm';
export * from './id-document';
export * from './mask';
export * from './money';
export * from './password-rules';
export * from './refunds';
export * from './schemas/account';
export * from './schemas/bill';
export * from './schemas/cash';
export * from './schemas/claim';
export * from './schemas/common';
export * from './schemas/consent';
export * from './schemas/family';
export * from './schemas/fund-reasons';
export * from './schemas/meta';
export * from './schemas/session';
export * from './schemas/system';
export * from './schemas/voucher';
