// What the counter CLI needs from its machine: the demo HIS channel's keys (written by the
// sandbox to <data dir>/insurance/demo-keys.json), the platform's address, and a small
// state file between runs (sign-in, msgid sequence, scan 1's visit, settlements made).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { yuanToFen } from '@ybm/shared';
import { type EnvelopeChannel } from '@ybm/shared/gm';

import type { BasketItem, CounterVisit, SettlementRef } from './client';

export const HIS_APP_ID = 'YBMHIS0000000001';

/**
 * Which institution this counter is, as a HIS is configured with its own 定点医药机构编码 (the
 * platform's public protocols offer no institution search to a counter): COUNTER_INSTITUTION
 * for scans and settlements, COUNTER_HOSPITAL for in-consultation bills; by default the demo
 * pharmacy and hospital of 绥化 the sandbox seeds.
 */
export function counterInstitutions(env: Record<string, string | undefined>) {
  return {
    counter: env.COUNTER_INSTITUTION || '231200P00001',
    hospital: env.COUNTER_HOSPITAL || '231200H00001',
  };
}

interface DemoKeysFile {
  platform: { publicKey: string };
  channels: {
    appId: string;
    appSecret: string;
    sm2UserId: string;
    keys: { privateKey: string; publicKey: string };
  }[];
}

export function dataDir(env: Record<string, string | undefined>): string {
  return path.resolve(env.YBM_DATA_DIR ?? '.data');
}

export function hisChannel(env: Record<string, string | undefined>): EnvelopeChannel {
  const file = path.join(dataDir(env), 'insurance', 'demo-keys.json');
  if (!existsSync(file)) throw new Error(`没有找到 ${file}：请先启动医保平台沙箱（npm start）`);
  const keys = JSON.parse(readFileSync(file, 'utf8')) as DemoKeysFile;
  const his = keys.channels.find((channel) => channel.appId === HIS_APP_ID);
  if (!his) throw new Error(`${file} 中没有 HIS 渠道 ${HIS_APP_ID}`);
  return {
    appId: his.appId,
    appSecret: his.appSecret,
    sm2UserId: his.sm2UserId,
    ownKeys: his.keys,
    peerPublicKey: keys.platform.publicKey,
  };
}

export interface CounterState {
  institutions: Record<string, { signNo?: string; seq?: number }>;
  visit: CounterVisit | null;
  settlements: SettlementRef[];
}

function stateFile(env: Record<string, string | undefined>): string {
  return path.join(dataDir(env), 'counter', 'state.json');
}

export function loadState(env: Record<string, string | undefined>): CounterState {
  const file = stateFile(env);
  if (!existsSync(file)) return { institutions: {}, visit: null, settlements: [] };
  return JSON.parse(readFileSync(file, 'utf8')) as CounterState;
}

export function saveState(env: Record<string, string | undefined>, state: CounterState): void {
  const file = stateFile(env);
  mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename: a run killed halfway never leaves half a file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/**
 * The counter's own price list (a HIS knows its prices; the catalogue only has limits): the
 * default price of a basket or bill line that names none.
 */
export const PRICE_LIST: Record<string, { name: string; priceFen: number }> = {
  XJ01CA040001: { name: '阿莫西林胶囊 0.25g×24粒', priceFen: 1250 },
  XJ01DD080005: { name: '头孢克肟分散片 0.1g×6片', priceFen: 2860 },
  XA11HA030147: { name: '维生素E软胶囊 100mg×60粒', priceFen: 2980 },
  '110200001': { name: '普通门诊诊查费', priceFen: 1000 },
  '250101015': { name: '血细胞分析（血常规）', priceFen: 2000 },
};

export const DEFAULT_BASKETS: Record<'pharmacy' | 'hospital', string> = {
  pharmacy: 'XJ01CA040001:2,XJ01DD080005:1',
  hospital: '110200001:1,250101015:1,XJ01DD080005:1',
};

/** "CODE:qty[:priceYuan],…" → basket lines; the price comes from the price list when omitted. */
export function parseBasket(spec: string): BasketItem[] {
  return spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [code = '', qtyText = '1', priceText] = part.split(':');
      const qty = Number(qtyText);
      if (!code || !/^\d+(\.\d{1,4})?$/.test(qtyText) || !(qty > 0)) throw new Error(`看不懂的项目：${part}`);
      const known = PRICE_LIST[code];
      let priceFen = known?.priceFen;
      if (priceText !== undefined) {
        if (!/^\d+(\.\d{1,2})?$/.test(priceText)) throw new Error(`看不懂的单价：${part}`);
        priceFen = yuanToFen(priceText);
      }
      if (priceFen === undefined)
        throw new Error(`不知道 ${code} 的单价，请写成 ${code}:${qtyText}:单价(元)`);
      return { code, qty, priceFen, name: known?.name ?? code };
    });
}
