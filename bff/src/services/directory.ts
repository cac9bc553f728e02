// 定点机构 and 医保目录 for the phone: institutions (the person's own region by default, nearest
// first when the phone gave its position), one institution, catalogue search by name, code or
// 拼音首字母, and what this person would pay for an item — the platform's own estimate,
// put into sentences. Every method async; collaborators passed in (issue 21's shape).
import {
  careWords,
  formatYuan,
  type CatalogueItemView,
  type Estimate,
  type InstitutionsPage,
  type InstitutionsQuery,
  type InstitutionView,
} from '@ybm/shared';

import type { CatalogueItem, Institution, InsuranceChannels, PaymentEstimate } from '../clients/insurance';
import { insuranceFor } from '../clients/insurance';
import { AppError } from '../errors';
import type { BindingStore } from '../store/ports';
import type { Binding, SessionRecord } from '../store/records';

/** What the directory needs of the bindings: whose voucher a platform user claimed. */
export type BindingLookup = Pick<BindingStore, 'find'>;

export interface DirectoryDeps {
  insurance: InsuranceChannels;
  bindings: BindingLookup;
  now: () => number;
}

const CLASS_OF = { '01': 'A', '02': 'B', '03': 'C' } as const;
const REGION_TTL_MS = 10 * 60_000;
const REGION_CACHE_MAX = 5_000;

function institutionView(institution: Institution): InstitutionView {
  return {
    code: institution.code,
    name: institution.name,
    kind: institution.kind,
    kindName: institution.kindName,
    level: institution.level,
    address: institution.address,
    phone: institution.phone,
    supportsEc: institution.acceptsVoucher,
    ...(institution.distanceMetres === null ? {} : { distanceM: institution.distanceMetres }),
    regionCode: institution.regionCode,
    regionName: institution.regionName,
    lat: institution.lat,
    lng: institution.lng,
  };
}

function catalogueItemView(item: CatalogueItem): CatalogueItemView {
  const klass = CLASS_OF[item.listClass];
  return {
    code: item.code,
    name: item.name,
    spec: item.spec,
    unit: item.unit,
    category: item.category,
    class: klass,
    selfPayShareBp: klass === 'C' ? 10_000 : klass === 'A' ? 0 : item.selfPayShareBp,
    ...(item.priceLimitFen === null ? {} : { priceLimitFen: item.priceLimitFen }),
    ...(item.restriction ? { restriction: item.restriction } : {}),
    ...(item.refPriceFen === null ? {} : { refPriceFen: item.refPriceFen }),
  };
}

const percent = (bp: number) => `${Number.isInteger(bp / 100) ? bp / 100 : (bp / 100).toFixed(1)}%`;

/** The estimate in the person's words: what each part is and why. */
export function explainEstimate(estimate: PaymentEstimate): string[] {
  const lines = [
    `${estimate.name} ${estimate.qty} × ${formatYuan(estimate.priceFen)}，合计 ${formatYuan(estimate.totalFen)}`,
  ];
  const klass = CLASS_OF[estimate.listClass];
  if (estimate.outOfListFen > 0 || klass === 'C') {
    lines.push(`丙类项目不在医保报销范围，${formatYuan(estimate.outOfListFen)} 全部自付`);
  } else if (estimate.sharePaidFirstFen > 0) {
    lines.push(
      `乙类项目先自付 ${percent(estimate.selfPayShareBp)}（${formatYuan(estimate.sharePaidFirstFen)}），其余纳入报销范围`,
    );
  } else if (klass === 'A') {
    lines.push('甲类项目，全部纳入报销范围');
  }
  if (estimate.aboveLimitFen > 0) {
    lines.push(`超过医保限价的 ${formatYuan(estimate.aboveLimitFen)} 由您自付`);
  }
  if (!estimate.fundPays && estimate.coveredFen > 0) {
    lines.push(
      estimate.at === 'pharmacy'
        ? '参保地规定在药店购药不由统筹基金支付，可用个人账户或现金'
        : '参保地规定门诊不由统筹基金支付，可用个人账户或现金',
    );
  } else if (estimate.toDeductibleFen > 0) {
    lines.push(
      `今年起付线还剩 ${formatYuan(estimate.deductibleRemainingFen)}，本次 ${formatYuan(estimate.toDeductibleFen)} 计入起付线，由您自付`,
    );
  }
  lines.push(...careWords(estimate.care));
  if (estimate.fundFen > 0) {
    lines.push(`医保统筹按 ${percent(estimate.fundShareBp)} 支付 ${formatYuan(estimate.fundFen)}`);
  }
  if (estimate.accountFen > 0) lines.push(`个人账户支付 ${formatYuan(estimate.accountFen)}`);
  lines.push(estimate.cashFen > 0 ? `还需您现金支付 ${formatYuan(estimate.cashFen)}` : '无需现金支付');
  lines.push('按您今天的参保信息和今年已用额度估算，实际以结算为准');
  return lines;
}

export function createDirectoryService(deps: DirectoryDeps) {
  // The person's own region, asked of the platform once in a while, not on every page.
  const regions = new Map<string, { code: string; name: string; at: number }>();

  async function bindingOf(session: SessionRecord): Promise<Binding | undefined> {
    return deps.bindings.find(session.channel, session.platformUserId);
  }

  async function ownRegion(session: SessionRecord, binding: Binding) {
    const cached = regions.get(binding.psnNo);
    if (cached && deps.now() - cached.at < REGION_TTL_MS) return cached;
    const summary = await insuranceFor(deps.insurance, session.channel).accountSummary(binding.psnNo);
    const region = {
      code: summary.regionCode,
      name: summary.regionName ?? binding.regionName,
      at: deps.now(),
    };
    if (regions.size >= REGION_CACHE_MAX) regions.clear();
    regions.set(binding.psnNo, region);
    return region;
  }

  return {
    async institutions(session: SessionRecord, query: InstitutionsQuery): Promise<InstitutionsPage> {
      const client = insuranceFor(deps.insurance, session.channel);
      let region: { code: string; name: string } | undefined;
      if (query.region) {
        const known = (await client.listRegions()).find((candidate) => candidate.code === query.region);
        if (!known) throw new AppError('REGION_NOT_FOUND');
        region = { code: known.code, name: known.name };
      } else {
        const binding = await bindingOf(session);
        if (binding) {
          const own = await ownRegion(session, binding);
          region = { code: own.code, name: own.name };
        }
      }
      const found = await client.searchInstitutions({
        ...(region ? { regionCode: region.code } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.q ? { name: query.q } : {}),
        ...(query.ec === '1' ? { acceptsVoucher: true } : {}),
        ...(query.lat !== undefined && query.lng !== undefined
          ? { position: { lat: query.lat, lng: query.lng } }
          : {}),
        page: query.page,
        pageSize: query.pageSize,
      });
      return {
        items: found.items.map(institutionView),
        page: found.page,
        hasMore: found.hasMore,
        ...(region ? { region } : {}),
      };
    },

    async regions(session: SessionRecord) {
      return { regions: await insuranceFor(deps.insurance, session.channel).listRegions() };
    },

    async institution(session: SessionRecord, code: string): Promise<InstitutionView> {
      const found = await insuranceFor(deps.insurance, session.channel).searchInstitutions({
        code,
        pageSize: 1,
      });
      const institution = found.items[0];
      if (!institution) throw new AppError('INSTITUTION_NOT_FOUND');
      return institutionView(institution);
    },

    async catalogue(session: SessionRecord, query: { q: string; page: number; pageSize: number }) {
      const found = await insuranceFor(deps.insurance, session.channel).searchCatalogue({
        text: query.q,
        page: query.page,
        pageSize: query.pageSize,
      });
      return { items: found.items.map(catalogueItemView), page: found.page, hasMore: found.hasMore };
    },

    async estimate(
      session: SessionRecord,
      code: string,
      query: { qty: number; priceFen?: number; institution?: string },
    ): Promise<Estimate> {
      const binding = await bindingOf(session);
      if (!binding) throw new AppError('VOUCHER_NOT_ACTIVATED');
      const client = insuranceFor(deps.insurance, session.channel);
      const estimate = await client.estimate(binding.psnNo, {
        code,
        qty: query.qty,
        ...(query.priceFen ? { priceFen: query.priceFen } : {}),
        ...(query.institution ? { atInstitution: query.institution } : {}),
      });
      return {
        code,
        name: estimate.name,
        qty: estimate.qty,
        priceFen: estimate.priceFen,
        totalFen: estimate.totalFen,
        fundFen: estimate.fundFen,
        accountFen: estimate.accountFen,
        cashFen: estimate.cashFen,
        ...(estimate.institution ? { institutionName: estimate.institution.name } : {}),
        explanation: explainEstimate(estimate),
      };
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
