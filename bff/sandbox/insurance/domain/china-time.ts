// Times as the insurance platform writes them: Beijing time (UTC+8, no daylight saving),
// "yyyy-MM-dd HH:mm:ss", "yyyyMMddHHmmss" and "yyyyMMddHHmmssSSS".
const OFFSET_MS = 8 * 3600 * 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function parts(epochMs: number) {
  const d = new Date(epochMs + OFFSET_MS);
  return {
    y: pad(d.getUTCFullYear(), 4),
    M: pad(d.getUTCMonth() + 1),
    d: pad(d.getUTCDate()),
    h: pad(d.getUTCHours()),
    m: pad(d.getUTCMinutes()),
    s: pad(d.getUTCSeconds()),
    ms: pad(d.getUTCMilliseconds(), 3),
  };
}

/** "2025-03-01" */
export function chinaDay(epochMs: number): string {
  const p = parts(epochMs);
  return `${p.y}-${p.M}-${p.d}`;
}

export function chinaYear(epochMs: number): number {
  return Number(parts(epochMs).y);
}

/** "2025-03-01 09:30:00" */
export function chinaDateTime(epochMs: number): string {
  const p = parts(epochMs);
  return `${p.y}-${p.M}-${p.d} ${p.h}:${p.m}:${p.s}`;
}

/** "20250301093000" */
export function chinaCompact(epochMs: number): string {
  const p = parts(epochMs);
  return `${p.y}${p.M}${p.d}${p.h}${p.m}${p.s}`;
}

/** "20250301093000123" */
export function chinaCompactMs(epochMs: number): string {
  return chinaCompact(epochMs) + parts(epochMs).ms;
}
