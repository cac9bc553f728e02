// 个人账户: the signed-in person's account as the platform keeps it — the balance, the last
// twelve monthly credits, this year's spending and its split — with their insurance record,
// and which media settle with it.
import type { Account } from '@ybm/shared';

import { insuranceFor, type InsuranceChannels } from '../clients/insurance';
import { AppError } from '../errors';
import type { BindingStore } from '../store/ports';
import type { SessionRecord } from '../store/records';
import { guardianOf } from './family';

export function createAccountService(deps: {
  insurance: InsuranceChannels;
  bindings: Pick<BindingStore, 'find'>;
}) {
  return {
    async get(session: SessionRecord): Promise<Account> {
      const binding = await guardianOf(deps.bindings, session);
      const account = await insuranceFor(deps.insurance, binding.channel).account(
        binding.psnNo,
        binding.regionName,
      );
      if (!account) throw new AppError('NOT_INSURED');
      return account;
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
