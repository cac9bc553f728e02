// activation.*, password.*, voucher.* operations: claiming the voucher on a channel, the
// payment password (only ever as SM2 ciphertext under the platform's key) and unbinding.
import '../../zod-setup';
import { z } from 'zod';

import { DOCUMENT_TYPES } from '../../id-document';
import { int, listOf, orNull } from '../wire';

const psnNo = z.string().min(1).max(32);
const cipher = z.string().min(1).max(1024);
/**
 * The channel's own face check of the person (WeChat 实名核身 verify_id, Alipay certify_id),
 * which the platform records with the change it allows on that check's word.
 */
const faceCheck = z.object({ provider: z.enum(['wechat', 'alipay']), id: z.string().min(1).max(128) });
/** A mainland mobile number (the carriers' 11 digits). */
const mobile = z.string().regex(/^1[3-9]\d{9}$/);

export const VOUCHER_STATUSES = ['pending', 'active', 'revoked'] as const;

const channelVoucher = {
  appId: z.string(),
  status: z.enum(VOUCHER_STATUSES),
  startedAt: z.string(),
  activatedAt: orNull(z.string()),
  revokedAt: orNull(z.string()),
};

export const VOUCHER_OPERATIONS = {
  'activation.start': {
    input: z.object({
      docType: z.enum(DOCUMENT_TYPES),
      docNumber: z.string().min(1).max(32),
      name: z.string().min(1).max(64),
      platformUserId: z.string().min(1).max(128),
    }),
    answer: z.object({
      activationId: z.string(),
      psnNo: z.string(),
      maskedName: z.string(),
      /** The whole reserved phone: the BFF sends the SMS code itself. */
      phone: z.string(),
      /** appIds of the channels where the voucher is already active. */
      activatedOn: listOf(z.string()),
      passwordSet: z.boolean(),
      expiresAt: z.string(),
    }),
  },
  'activation.finish': {
    input: z.object({ activationId: z.string().min(1).max(64), passwordCipher: cipher }),
    // synced: the password was already set on another channel and has been verified (一键同步).
    answer: z.object({ psnNo: z.string(), activatedAt: z.string(), synced: z.boolean() }),
  },
  'password.change': {
    input: z.object({ psnNo, oldCipher: cipher, newCipher: cipher }),
    answer: z.object({ psnNo: z.string(), changedAt: z.string() }),
  },
  // A wrong password is an answer ({ok: false, remaining}); asking while locked is a refusal.
  'password.verify': {
    input: z.object({ psnNo, cipher }),
    answer: z.object({ ok: z.boolean(), remaining: int, locked: z.boolean() }),
  },
  // Forgot the password: the channel sent an SMS code to the reserved phone and passed a face
  // check; the new password replaces the old one and today's lock is lifted. Audited.
  'password.reset': {
    input: z.object({ psnNo, newCipher: cipher, faceCheck }),
    answer: z.object({ psnNo: z.string(), resetAt: z.string() }),
  },
  // The reserved phone no longer works: after the channel's face check of the person and an SMS
  // code to the new number, the new number replaces it. The person by their voucher on this
  // channel (psnNo) or, in a claim that has none yet, by their document. Audited.
  'person.replacePhone': {
    input: z.object({
      personRef: z.union([
        z.object({ psnNo }),
        z.object({
          docType: z.enum(DOCUMENT_TYPES),
          docNumber: z.string().min(1).max(32),
          name: z.string().min(1).max(64),
        }),
      ]),
      newPhone: mobile,
      faceCheck,
    }),
    answer: z.object({ psnNo: z.string(), maskedPhone: z.string(), replacedAt: z.string() }),
  },
  'voucher.status': {
    input: z.object({ psnNo }),
    answer: z.object({
      psnNo: z.string(),
      // Other channels' user ids are theirs: only status and times cross over.
      channels: listOf(z.object(channelVoucher)),
      thisChannel: orNull(z.object({ ...channelVoucher, platformUserId: z.string() })),
      activatedOn: listOf(z.string()),
      passwordSet: z.boolean(),
      passwordRemaining: int,
      passwordLocked: z.boolean(),
    }),
  },
  'voucher.revoke': {
    input: z.object({ psnNo }),
    answer: z.object({ psnNo: z.string(), revokedAt: z.string() }),
  },
} as const;
