// Envelope timestamps: `yyyyMMddHHmmss` in China Standard Time (UTC+8, no DST) or epoch
// milliseconds. Sources differ on which one a counterparty sends, so both are read.

export type TimestampFormat = 'yyyyMMddHHmmss' | 'epochMs';

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

// Every envelope sealed or opened formats or reads one timestamp, and within a second they
// are all the same: the last answer of each is kept (pure functions, so always right).
let lastFormatted = { second: Number.NaN, text: '' };
let lastParsed: { text: string; epochMs: number | undefined } = { text: '', epochMs: undefined };

export function formatTimestamp(epochMs: number, format: TimestampFormat): string {
  if (format === 'epochMs') return String(Math.trunc(epochMs));
  const second = Math.floor(epochMs / 1000);
  if (second !== lastFormatted.second) {
    lastFormatted = { second, text: formatCompact(epochMs) };
  }
  return lastFormatted.text;
}

function formatCompact(epochMs: number): string {
  const d = new Date(epochMs + CST_OFFSET_MS);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    pad(d.getUTCFullYear(), 4) +
    pad(d.getUTCMonth() + 1) +
    pad(d.getUTCDate()) +
    pad(d.getUTCHours()) +
    pad(d.getUTCMinutes()) +
    pad(d.getUTCSeconds())
  );
}

/** Epoch ms of either form, or undefined when it is neither. */
export function parseTimestamp(value: string | number): number | undefined {
  const text = String(value);
  if (text !== lastParsed.text) lastParsed = { text, epochMs: parseText(text) };
  return lastParsed.epochMs;
}

function parseText(text: string): number | undefined {
  if (/^\d{14}$/.test(text)) {
    const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) =>
      Number(text.slice(at, at + (i === 0 ? 4 : 2))),
    ) as [number, number, number, number, number, number];
    const utc = Date.UTC(y, mo - 1, d, h, mi, s);
    const check = new Date(utc);
    if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
      return undefined;
    }
    return utc - CST_OFFSET_MS;
  }
  if (/^\d{12,13}$/.test(text)) return Number(text);
  return undefined;
}
