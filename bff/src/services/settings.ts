// 设置: what the voucher's holder changes about it — the payment password (old and new as SM2
// ciphertext the BFF cannot read; a wrong old one costs one of the day's tries), unbinding this
// platform (the voucher stays on the other; this account's sessions end), withdrawing consent
// (unbinding, and deleting what the BFF holds that no other binding needs), and preferences.
import type { Preferences } from '@ybm/shared';

import { insuranceFor, type InsuranceChannels } from '../clients/insurance';
import { AppError } from '../errors';
import type { AuditLog, BindingStore, PreferenceStore, SessionStore, WithdrawalStore } from '../store/ports';
import type { Binding, SessionRecord } from '../store/records';

export interface SettingsServiceDeps {
  bindings: Pick<BindingStore, 'find' | 'remove'>;
  sessions: Pick<SessionStore, 'revokeUser'>;
  preferences: PreferenceStore;
  withdrawal: WithdrawalStore;
  insurance: InsuranceChannels;
  audit: AuditLog;
  now: () => number;
}

export function createSettingsService(deps: SettingsServiceDeps) {
  async function bindingOf(session: SessionRecord): Promise<Binding> {
    const binding = await deps.bindings.find(session.channel, session.platformUserId);
    if (!binding) throw new AppError('VOUCHER_NOT_ACTIVATED');
    return binding;
  }
  const who = (session: SessionRecord, psnNo: string | null) => ({
    channel: session.channel,
    platformUserId: session.platformUserId,
    psnNo,
  });

  /** Unbinds at the platform; a voucher the platform no longer has here is unbound already. */
  async function revokeAtPlatform(session: SessionRecord, psnNo: string): Promise<void> {
    try {
      await insuranceFor(deps.insurance, session.channel).revokeVoucher(psnNo);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'VOUCHER_NOT_ACTIVATED')) throw error;
    }
  }

  return {
    async changePassword(session: SessionRecord, oldPasswordCipher: string, newPasswordCipher: string) {
      const binding = await bindingOf(session);
      return deps.audit.around({ action: 'password.change', ...who(session, binding.psnNo) }, () =>
        insuranceFor(deps.insurance, session.channel).changePassword(
          binding.psnNo,
          oldPasswordCipher,
          newPasswordCipher,
        ),
      );
    },

    /** This platform only: the other keeps the voucher; every session of this account ends. */
    async unbind(session: SessionRecord): Promise<{ ok: true; unboundAt: string }> {
      const binding = await bindingOf(session);
      await deps.audit.around({ action: 'voucher.unbind', ...who(session, binding.psnNo) }, async () => {
        await revokeAtPlatform(session, binding.psnNo);
        await deps.bindings.remove(session.channel, session.platformUserId);
        await deps.sessions.revokeUser(session.channel, session.platformUserId);
      });
      return { ok: true, unboundAt: new Date(deps.now()).toISOString() };
    },

    /**
     * Unbinds (when bound) and deletes, in one transaction, what the BFF holds about this
     * account that no other binding needs. The audit row keeps identifiers only.
     */
    async withdrawConsent(session: SessionRecord) {
      const binding = await deps.bindings.find(session.channel, session.platformUserId);
      const psnNo = binding?.psnNo ?? null;
      const deleted = await deps.audit.around(
        { action: 'consent.withdraw', ...who(session, psnNo) },
        async () => {
          if (binding) await revokeAtPlatform(session, binding.psnNo);
          const erased = await deps.withdrawal.erase(session.channel, session.platformUserId, psnNo);
          // The stores' recent reads in this process forget the account too.
          await deps.bindings.remove(session.channel, session.platformUserId);
          await deps.sessions.revokeUser(session.channel, session.platformUserId);
          return erased;
        },
        (erased) => ({ ...erased }),
      );
      return { ok: true as const, withdrawnAt: new Date(deps.now()).toISOString(), deleted: { ...deleted } };
    },

    preferences: (session: SessionRecord) => deps.preferences.get(session.channel, session.platformUserId),
    savePreferences: (session: SessionRecord, preferences: Preferences) =>
      deps.preferences.save(session.channel, session.platformUserId, preferences),
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
