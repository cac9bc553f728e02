// 定点机构, 医保目录 and 异地就医备案 on the phone: where their pages are, the position to sort by
// (optional: every page works without it), and how distances and shares read.
import Taro from '@tarojs/taro';

export const INSTITUTIONS_PAGE = '/pages/services/institutions/index';
export const CATALOGUE_PAGE = '/pages/services/catalogue/index';
export const REMOTE_CARE_PAGE = '/pages/services/remote-care/index';

export const institutionUrl = (code: string) => `/pages/services/institution/index?code=${code}`;
export const estimateUrl = (code: string) =>
  `/pages/services/estimate/index?code=${encodeURIComponent(code)}`;

export interface Position {
  lat: number;
  lng: number;
}

const A = 6_378_245.0;
const EE = 0.006_693_421_622_965_943;

function shift(x: number, y: number): { dLat: number; dLng: number } {
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  let dLng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  const wave = (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * (2 / 3);
  dLat += wave + ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  dLat += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  dLng += wave + ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  dLng += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return { dLat, dLng };
}

/**
 * WGS-84 (a browser's GPS) to GCJ-02 (the maps and the platform's institution coordinates in
 * China): the published offset formula; a few hundred metres that would misorder near places.
 */
export function wgs84ToGcj02(lat: number, lng: number): Position {
  const { dLat, dLng } = shift(lng - 105, lat - 35);
  const radLat = (lat / 180) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  return {
    lat: lat + (dLat * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI),
    lng: lng + (dLng * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI),
  };
}

/**
 * The phone's position in GCJ-02, or null when the person declined, the platform has none or it
 * took too long: the lists then simply do not sort by distance. WeChat and Alipay give GCJ-02;
 * a browser (H5) only WGS-84, converted here.
 */
export async function currentPosition(): Promise<Position | null> {
  const h5 = process.env.TARO_ENV === 'h5';
  try {
    const found = await Promise.race([
      Taro.getLocation({ type: h5 ? 'wgs84' : 'gcj02' }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 8000)),
    ]);
    return h5 ? wgs84ToGcj02(found.latitude, found.longitude) : { lat: found.latitude, lng: found.longitude };
  } catch {
    return null;
  }
}

/** 860 → 860米, 1530 → 1.5公里. */
export function formatDistance(metres: number): string {
  return metres < 1000 ? `${metres}米` : `${(metres / 1000).toFixed(1)}公里`;
}

/** Basis points as a percentage: 1000 → 10%, 1250 → 12.5%. */
export function percent(bp: number): string {
  const value = bp / 100;
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

/** Today in China (YYYY-MM-DD), the day a filing starts by default. */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}
