// The sign string of PROTOCOL.md §3, step 1: envelope fields without signData, encData,
// extra and empty values, sorted by ASCII, `data` as compact JSON with keys sorted
// recursively and empty values removed, joined as k=v with &, then &key=<appSecret>.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const UNSIGNED_FIELDS = new Set(['signData', 'encData', 'extra']);

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** Drops null, "", {} and [] recursively (again where removal empties a parent); sorts keys. */
export function cleanForSigning(value: unknown): Json | undefined {
  if (Array.isArray(value)) {
    const items = value.map(cleanForSigning).filter((item): item is Json => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const cleaned = cleanForSigning((value as Record<string, unknown>)[key]);
      if (cleaned !== undefined) out[key] = cleaned;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') {
    return undefined;
  }
  return isEmpty(value) ? undefined : (value as Json);
}

/** Compact JSON of the cleaned data: the exact text that is signed and encrypted. */
export function compactJson(data: unknown): string {
  const cleaned = cleanForSigning(data);
  return cleaned === undefined ? '' : JSON.stringify(cleaned);
}

export function buildSignString(
  fields: Record<string, unknown>,
  dataJson: string,
  appSecret: string,
): string {
  // `data` is the given JSON text, whatever `fields` holds under that name.
  const keys = Object.keys(fields);
  if (!Object.hasOwn(fields, 'data')) keys.push('data');
  // Plain code-unit order is ASCII order for the ASCII field names the protocol uses.
  keys.sort();
  let signString = '';
  for (const key of keys) {
    if (UNSIGNED_FIELDS.has(key)) continue;
    const value = key === 'data' ? dataJson : fields[key];
    if (isEmpty(value)) continue;
    const text = typeof value === 'object' ? JSON.stringify(cleanForSigning(value)) : String(value);
    signString += `${key}=${text}&`;
  }
  return `${signString}key=${appSecret}`;
}
