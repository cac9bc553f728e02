// The demo catalogue (医保目录), generated deterministically from the name lists: one item
// per spec, plus a double pack for drugs (a different product code, as in the national
// list); 乙 items get a self-pay share of 5–20 %, some items a price limit.
import {
  MATERIALS,
  PATENT_MEDICINES,
  RESTRICTIONS,
  RETIRED,
  SERVICES,
  WESTERN_DRUGS,
} from './catalogue-names';

export interface CatalogueSeed {
  code: string;
  name: string;
  category: 'drug' | 'service' | 'material';
  chrgitmLv: '01' | '02' | '03';
  selfpayPropBp: number;
  priceLimitFen: number | null;
  /** The usual retail price, for demo baskets (not stored). */
  priceFen: number;
  spec: string | null;
  unit: string;
  beginDate: string;
  endDate: string | null;
  medChrgitmType: string;
  lmtUsedDesc: string | null;
}

const CLASSES = { 甲: '01', 乙: '02', 丙: '03' } as const;
const SHARES_BP = [500, 1000, 1500, 2000];
const BEGIN = '2024-01-01';
const RETIRED_BEGIN = '2019-01-01';

interface Line {
  name: string;
  stem: string;
  klass: '01' | '02' | '03';
  unit: string;
  specs: { spec: string; priceFen: number }[];
  endDate: string | null;
}

function parse(block: string): Line[] {
  return block
    .trim()
    .split('\n')
    .map((row) => {
      const [name = '', stem = '', klass = '', unit = '', specs = '', endDate] = row.split('|');
      const lv = CLASSES[klass as keyof typeof CLASSES];
      if (!lv) throw new Error(`catalogue line with an unknown class: ${row}`);
      return {
        name,
        stem,
        klass: lv,
        unit,
        endDate: endDate ?? null,
        specs: specs.split(';').map((pair) => {
          const at = pair.lastIndexOf(':');
          return { spec: pair.slice(0, at), priceFen: Number(pair.slice(at + 1)) };
        }),
      };
    });
}

/** 0.25g×24粒 → 0.25g×48粒: the double pack of a drug, or undefined when the spec has no count. */
function doublePack(spec: string): string | undefined {
  const match = /×(\d+)([^×\d]*)$/.exec(spec);
  if (!match) return undefined;
  return `${spec.slice(0, match.index)}×${Number(match[1]) * 2}${match[2]}`;
}

function roundTo10(fen: number): number {
  return Math.round(fen / 10) * 10;
}

function serviceType(code: string): string {
  if (code === '110900001') return '12'; // 一般诊疗费
  if (code.startsWith('11')) return '02'; // 诊察费
  if (code.startsWith('25') || code.startsWith('27')) return '04'; // 化验费
  if (code.startsWith('21') || code.startsWith('22') || code.startsWith('31')) return '03'; // 检查费
  if (code.startsWith('99')) return '14'; // 其他费
  return '05'; // 治疗费
}

export function buildCatalogue(): CatalogueSeed[] {
  const items: CatalogueSeed[] = [];
  let serial = 0;
  const add = (
    line: Line,
    code: string,
    category: CatalogueSeed['category'],
    spec: string,
    priceFen: number,
    medChrgitmType: string,
  ) => {
    serial += 1;
    // Price limits on some items: a third of 乙 items are limited below the retail price
    // (the excess is overlmt), every seventh 甲 item has a limit above it.
    let priceLimitFen: number | null = null;
    if (line.klass === '02' && serial % 3 === 0) priceLimitFen = roundTo10(priceFen * 0.9);
    if (line.klass === '01' && serial % 7 === 0) priceLimitFen = roundTo10(priceFen * 1.2);
    items.push({
      code,
      name: line.name,
      category,
      chrgitmLv: line.klass,
      selfpayPropBp: line.klass === '02' ? (SHARES_BP[serial % SHARES_BP.length] ?? 1000) : 0,
      priceLimitFen,
      priceFen,
      spec: spec || null,
      unit: line.unit,
      // Retired items were listed from 2019 until their end date.
      beginDate: line.endDate ? RETIRED_BEGIN : BEGIN,
      endDate: line.endDate,
      medChrgitmType,
      lmtUsedDesc: RESTRICTIONS[line.stem] ?? null,
    });
  };
  const drugs = (block: string, prefix: string, type: string) => {
    for (const line of parse(block)) {
      for (const { spec, priceFen } of line.specs) {
        add(
          line,
          `${prefix}${line.stem}${String(serial + 1).padStart(4, '0')}`,
          'drug',
          spec,
          priceFen,
          type,
        );
        const big = doublePack(spec);
        // No double pack where the list already has that pack size.
        if (big && !line.specs.some((other) => other.spec === big)) {
          const code = `${prefix}${line.stem}${String(serial + 1).padStart(4, '0')}`;
          add(line, code, 'drug', big, roundTo10(priceFen * 1.9), type);
        }
      }
    }
  };
  drugs(WESTERN_DRUGS, 'X', '09');
  drugs(PATENT_MEDICINES, '', '11');
  for (const line of parse(SERVICES)) {
    const { spec, priceFen } = line.specs[0] ?? { spec: '', priceFen: 0 };
    add(line, line.stem, 'service', spec, priceFen, serviceType(line.stem));
  }
  for (const line of parse(MATERIALS)) {
    for (const { spec, priceFen } of line.specs) {
      add(line, `${line.stem}${String(serial + 1).padStart(6, '0')}`, 'material', spec, priceFen, '08');
    }
  }
  drugs(RETIRED, 'X', '09');
  return items;
}

function find(items: readonly CatalogueSeed[], name: string, spec: string | null): CatalogueSeed {
  const item = items.find((candidate) => candidate.name === name && candidate.spec === spec);
  if (!item) throw new Error(`demo catalogue has no ${name} ${spec ?? ''}`);
  return item;
}

const ALL = buildCatalogue();

/** Named items for tests and demo baskets. */
export const DEMO_CATALOGUE = {
  /** 甲, no price limit. */
  classA: find(ALL, '阿莫西林胶囊', '0.25g×24粒'),
  /** 乙 with a 10 % self-pay share. */
  classB: find(ALL, '头孢克肟分散片', '0.1g×6片'),
  /** 乙 with a price limit below its usual price (the excess is overlmt). */
  classBPriceLimited: find(ALL, '头孢克肟分散片', '0.1g×12片'),
  /** 丙: fully self-paid. */
  classC: find(ALL, '维生素E软胶囊', '100mg×60粒'),
  consultation: find(ALL, '普通门诊诊查费', null),
  bloodTest: find(ALL, '血细胞分析（血常规）', null),
  mri: find(ALL, '磁共振平扫', null),
  /** Off the list since 2024. */
  retired: find(ALL, '复方磺胺甲噁唑片', '100片'),
} as const;

export const CATALOGUE_SEEDS: readonly CatalogueSeed[] = ALL;
