// 个人账户: the signed-in person's account as the platform keeps it — the balance, the last
// twelve monthly credits, this year's spending and its split — with their insurance record,
// and which media settle with it. While the platform is down, its last good copy (last-good.ts).
import { AccountSchema, type Account } from '@ybm/shared';

import { insuranceFor, type InsuranceChannels } from '../clients/insurance';
import { AppError } from '../errors';
import type { BindingStore } from '../store/ports';
import type { SessionRecord } from '../store/records';
import { guardianOf } from './family';
import type { LastGood } from './last-good';

export function createAccountService(deps: {
  insurance: InsuranceChannels;
  bindings: Pick<BindingStore, 'find'>;
  /** Answers from the last good copy when the platform is down; absent, the outage is the answer. */
  lastGood?: LastGood;
}) {
  return {
    async get(session: SessionRecord): Promise<Account> {
      const binding = await guardianOf(deps.bindings, session);
      const fetch = async () => {
        const account = await insuranceFor(deps.insurance, binding.channel).account(
          binding.psnNo,
          binding.regionName,
        );
        if (!account) throw new AppError('NOT_INSURED');
        return account;
      };
      return deps.lastGood ? deps.lastGood.serve(binding, 'account', '', AccountSchema, fetch) : fetch();
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
