// Money is integer fen everywhere in code and storage; yuan strings exist only at the
// insurance-protocol boundary ("12.30") and in the UI ("¥12.30").

export type Fen = number;

const YUAN_PATTERN = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Parses a decimal yuan string such as "12.3" or "-0.05" into fen, exactly (no floating point). */
export function yuanToFen(yuan: string): Fen {
  const match = YUAN_PATTERN.exec(yuan.trim());
  if (!match) throw new RangeError(`not a yuan amount: ${JSON.stringify(yuan)}`);
  const [, sign, whole = '0', decimals = ''] = match;
  const fen = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  return sign && fen !== 0 ? -fen : fen;
}

/** Formats fen as a plain two-decimal yuan string: 1230 → "12.30", the protocol's form. */
export function fenToYuan(fen: Fen): string {
  if (!isFen(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${whole}.${cents}`;
}

/** Formats fen for people: 123456 → "¥1,234.56". */
export function formatYuan(fen: Fen): string {
  const plain = fenToYuan(fen);
  const negative = plain.startsWith('-');
  const [whole = '0', cents = '00'] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}¥${grouped}.${cents}`;
}

/** Adds amounts of fen, refusing anything that is not an exact integer. */
export function sumFen(amounts: readonly Fen[]): Fen {
  return amounts.reduce((total, amount) => {
    if (!isFen(amount)) throw new RangeError(`not an integer amount of fen: ${amount}`);
    return total + amount;
  }, 0);
}
