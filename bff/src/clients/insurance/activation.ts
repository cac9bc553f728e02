// Claiming the voucher on this channel (the platform checks the person and hands back the
// reserved phone; the claim ends with a password, set or — 一键同步 — verified), and what the
// voucher's holder may do with it afterwards: change or reset the password, replace a reserved
// phone that no longer works, unbind.
import type { DocumentType } from '@ybm/shared';

import type { Exchange } from './exchange';
import type { PersonDocument } from './people';

/** The channel's own face check of the person, which the platform records with a change. */
export interface FaceCheck {
  provider: 'wechat' | 'alipay';
  id: string;
}

export interface ActivationRequest {
  docType: DocumentType;
  docNumber: string;
  name: string;
  /** The WeChat openid or Alipay user id the voucher is being claimed for. */
  platformUserId: string;
}

export interface ActivationStarted {
  activationId: string;
  psnNo: string;
  maskedName: string;
  /** The whole reserved phone: the BFF sends the SMS code itself and never shows it whole. */
  reservedPhone: string;
  /** The channels (app ids) where the voucher is active already. */
  activeOn: string[];
  /** A password was set on another channel: the claim ends by verifying it (一键同步). */
  hasPassword: boolean;
  expiresAt: string;
}

export interface ActivationFinished {
  psnNo: string;
  activatedAt: string;
  /** The existing password was verified rather than a new one set. */
  synced: boolean;
}

export function activationMethods(exchange: Exchange) {
  return {
    async startActivation(request: ActivationRequest): Promise<ActivationStarted> {
      const started = await exchange.channel('activation.start', request);
      return {
        activationId: started.activationId,
        psnNo: started.psnNo,
        maskedName: started.maskedName,
        reservedPhone: started.phone,
        activeOn: started.activatedOn,
        hasPassword: started.passwordSet,
        expiresAt: started.expiresAt,
      };
    },

    /** Sets the password, or verifies the one set on another channel; the voucher is then active. */
    finishActivation(activationId: string, passwordCipher: string): Promise<ActivationFinished> {
      return exchange.channel('activation.finish', { activationId, passwordCipher });
    },

    /** Both passwords as SM2 ciphertext under the platform's key. */
    async changePassword(
      psnNo: string,
      oldCipher: string,
      newCipher: string,
    ): Promise<{ changedAt: string }> {
      const { changedAt } = await exchange.channel('password.change', { psnNo, oldCipher, newCipher });
      return { changedAt };
    },

    /**
     * A new password once this channel sent an SMS code to the reserved phone and passed a face
     * check (named here: the platform records it with the change); today's lock is lifted.
     */
    async resetPassword(
      psnNo: string,
      newCipher: string,
      faceCheck: FaceCheck,
    ): Promise<{ resetAt: string }> {
      const { resetAt } = await exchange.channel('password.reset', { psnNo, newCipher, faceCheck });
      return { resetAt };
    },

    /**
     * Replaces the reserved phone after this channel's face check and an SMS code read back
     * from the new number: the person by their voucher here, or (in a claim) by document.
     */
    async replaceReservedPhone(
      person: { psnNo: string } | PersonDocument,
      newPhone: string,
      faceCheck: FaceCheck,
    ): Promise<{ psnNo: string; maskedPhone: string; replacedAt: string }> {
      return exchange.channel('person.replacePhone', { personRef: person, newPhone, faceCheck });
    },

    /**
     * Unbinds the voucher from this channel (the other channel keeps it); one no longer active
     * here is VOUCHER_NOT_ACTIVATED.
     */
    async revokeVoucher(psnNo: string): Promise<{ revokedAt: string }> {
      const { revokedAt } = await exchange.channel(
        'voucher.revoke',
        { psnNo },
        { VOUCHER_NOT_ACTIVE: 'VOUCHER_NOT_ACTIVATED' },
      );
      return { revokedAt };
    },
  };
}
