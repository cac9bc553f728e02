// 个人账户: the signed-in person's account as the platform keeps it — the balance, the last
// twelve monthly credits, this year's spending and its split — with their insurance record,
// and which media settle with it (the code and the 社保卡 for everyone; 身份证 + 医保密码
// for employees, whose account it is).
import { INSURANCE_TYPE_NAMES, type Account } from '@ybm/shared';

import { insuranceFor, type InsuranceChannels } from '../clients/insurance';
import { AppError } from '../errors';
import type { BindingStore } from '../store/bindings';
import type { SessionRecord } from '../store/sessions';
import { guardianOf } from './family';

export function createAccountService(deps: {
  insurance: InsuranceChannels;
  bindings: Pick<BindingStore, 'find'>;
}) {
  return {
    async get(session: SessionRecord): Promise<Account> {
      const binding = await guardianOf(deps.bindings, session);
      const summary = await insuranceFor(deps.insurance, binding.channel).accountSummary(binding.psnNo);
      const insurance = summary.insurance;
      if (!insurance) throw new AppError('NOT_INSURED');
      const employee = insurance.insutype === '310';
      return {
        balanceFen: summary.balanceFen,
        insuranceType: INSURANCE_TYPE_NAMES[insurance.insutype],
        personType: insurance.personTypeName,
        status: insurance.status,
        statusName: insurance.statusName,
        regionCode: insurance.regionCode,
        regionName: insurance.regionName ?? summary.regionName ?? binding.regionName,
        insuredSince: insurance.insuredDate,
        ...(insurance.employerName ? { employer: insurance.employerName } : {}),
        monthlyCredits: summary.monthlyCredits,
        yearSpending: summary.yearSpending ?? {
          year: summary.thisYear?.year ?? new Date().getUTCFullYear(),
          ...{ totalFen: 0, fundFen: 0, accountFen: 0, cashFen: 0 },
        },
        media: employee && summary.hasAccount ? ['code', 'social_card', 'id_card'] : ['code', 'social_card'],
      };
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
