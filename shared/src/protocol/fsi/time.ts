// Times as 两定 messages write them: Beijing time (UTC+8, no daylight saving), inf_time
// "yyyy-MM-dd HH:mm:ss" and the "yyyyMMddHHmmss" inside a msgid.
const OFFSET_MS = 8 * 3600 * 1000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** inf_time ("2025-03-01 09:30:00") and its compact form ("20250301093000") of an instant. */
export function beijingTime(epochMs: number): { infTime: string; compact: string } {
  const d = new Date(epochMs + OFFSET_MS);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return { infTime: `${date} ${time}`, compact: `${date}${time}`.replace(/[-:]/g, '') };
}

/** Parses "yyyy-MM-dd HH:mm:ss" or "yyyyMMddHHmmss" (Beijing time); undefined unless a real instant. */
export function parseChinaTime(text: string): number | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text) ??
    /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [y, M, d, h, m, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, M - 1, d, h, m, s) - OFFSET_MS;
  return beijingTime(utc).compact === `${pad(y, 4)}${pad(M)}${pad(d)}${pad(h)}${pad(m)}${pad(s)}`
    ? utc
    : undefined;
}
