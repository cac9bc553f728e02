// How the place of care moves the ratios a settlement is paid at: the institution's level where
// the insured region's rules differ by level, and care outside the insured region (异地就医) —
// with a 异地就医备案 covering the day, the filed adjustment; without one, the unfiled adjustment
// or a refusal, as the insured region's rules say. Settlements and estimates both come here, so
// an estimate is paid by the same rules as the settlement it predicts.
import type { CareRule } from '@ybm/shared/protocol';

import type { SandboxContext } from '../context';
import type { RegionRuleWithPooling } from './people';
import { preparedStatements } from './prepared';
import type { RegionRule } from './rules';

export interface Place {
  regionCode: string;
  level: string | null;
}

export interface Treatment {
  careRule: CareRule;
  careRegionCode: string;
  filingId: string | null;
  remoteAdjustBp: number;
  levelAdjustBp: number;
  institutionLevel: string | null;
}

/** Thrown when the insured region does not settle care elsewhere without a filing. */
export class RemoteCareNotFiled extends Error {
  constructor() {
    super('未办理异地就医备案，参保地规定不能直接结算，请先办理异地就医备案');
    this.name = 'RemoteCareNotFiled';
  }
}

const sql = preparedStatements((db) => ({
  filing: db
    .prepare<[string, string, string, string], string>(
      `SELECT id FROM remote_care_filings WHERE psn_no = ? AND care_region = ? AND status = 'filed'
       AND begin_date <= ? AND (end_date IS NULL OR end_date >= ?)
     ORDER BY begin_date DESC LIMIT 1`,
    )
    .pluck(),
}));

/** 三级甲等 → '3', 二级甲等 → '2', 一级 → '1'; pharmacies have no level. */
export function levelGroup(level: string | null): '1' | '2' | '3' | null {
  if (!level) return null;
  if (level.startsWith('三级')) return '3';
  if (level.startsWith('二级')) return '2';
  if (level.startsWith('一级')) return '1';
  return null;
}

export function treatmentAt(
  ctx: Pick<SandboxContext, 'db'>,
  person: { psnNo: string; regionCode: string },
  place: Place,
  rule: Pick<RegionRuleWithPooling, 'levelAdjustBp' | 'remote'>,
  day: string,
): Treatment {
  const group = levelGroup(place.level);
  const levelAdjustBp = (group && rule.levelAdjustBp[group]) || 0;
  const base = {
    careRegionCode: place.regionCode,
    levelAdjustBp,
    institutionLevel: place.level,
  };
  if (place.regionCode === person.regionCode) {
    return { ...base, careRule: 'local', filingId: null, remoteAdjustBp: 0 };
  }
  const filingId = sql(ctx).filing.get(person.psnNo, place.regionCode, day, day);
  if (filingId) {
    return { ...base, careRule: 'filed', filingId, remoteAdjustBp: rule.remote.filedAdjustBp };
  }
  if (rule.remote.unfiledAdjustBp === null) throw new RemoteCareNotFiled();
  return { ...base, careRule: 'not_filed', filingId: null, remoteAdjustBp: rule.remote.unfiledAdjustBp };
}

/** The tiers with every ratio moved by the treatment's points, kept within 0–100 %. */
export function adjustedTiers(tiers: RegionRule['tiers'], treatment: Treatment): RegionRule['tiers'] {
  const points = treatment.levelAdjustBp + treatment.remoteAdjustBp;
  if (points === 0) return tiers;
  return tiers.map((tier) => ({ ...tier, ratioBp: Math.min(10_000, Math.max(0, tier.ratioBp + points)) }));
}
