// What a broken client, a curious user or a scanner sends instead of the expected input, for
// the "bad input is a 4xx, never a 500" tests. Deterministic: the same cases every run.
import { compactJson } from '@ybm/shared/gm';

/** Strings that have broken parsers, decoders, SQL and number coercion elsewhere. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  // Just past the limits the two sides set (40, 64, 128 characters) and far past them.
  'a'.repeat(41),
  'a'.repeat(65),
  'a'.repeat(129),
  'x'.repeat(5000),
  '中文测试',
  '😀',
  '\u0000',
  '\ud800',
  '../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '-1',
  '0',
  '1.5',
  '1e309',
  '9007199254740993',
  'NaN',
  'Infinity',
  'null',
  'true',
  '__proto__',
  'constructor',
];

/** JSON values of every type and edge, for one field of a body. */
export const HOSTILE_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  ['a', 1],
  {},
  { $gt: '' },
  { __proto__: { polluted: true } },
  ...HOSTILE_STRINGS,
];

/** Raw request bodies and the content type each is sent with. */
export const HOSTILE_BODIES: readonly { type: string; body: string | Buffer }[] = [
  ...['', 'null', '[]', '"text"', '123', 'true', '{}', '{"a":', '{"__proto__":{"polluted":true}}'].map(
    (body) => ({ type: 'application/json', body }),
  ),
  { type: 'application/json', body: '['.repeat(50_000) + ']'.repeat(50_000) },
  { type: 'application/json', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  { type: 'application/json; charset=gbk', body: '{"a":1}' },
  { type: 'text/plain', body: 'hello' },
  { type: 'application/x-www-form-urlencoded', body: 'a=1&a=2&__proto__[x]=1' },
  {
    type: 'multipart/form-data; boundary=x',
    body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
  },
  { type: 'application/xml', body: '<a>1</a>' },
];

/** One value of each JSON type and edge: for inputs sent so often that the full set costs too much. */
export const HOSTILE_VALUES_BRIEF: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  [],
  ['a', 1],
  {},
  '',
  ' ',
  'x'.repeat(5000),
  '中文测试',
  '\u0000',
  '__proto__',
];

/** Each field of `valid` replaced by each hostile value, and each field left out. */
export function hostileBodies(
  valid: Record<string, unknown>,
  values: readonly unknown[] = HOSTILE_VALUES,
): Record<string, unknown>[] {
  const variants: Record<string, unknown>[] = [];
  for (const key of Object.keys(valid)) {
    const { [key]: _left, ...without } = valid;
    variants.push(without);
    for (const value of values) variants.push({ ...valid, [key]: value });
  }
  variants.push({ ...valid, unexpected: 'x'.repeat(1000) });
  return variants;
}

/** Each field of `valid`, one level down into objects too, replaced by each hostile value. */
export function deepHostile(valid: Record<string, unknown>): Record<string, unknown>[] {
  const variants = hostileBodies(valid);
  for (const [key, value] of Object.entries(valid)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const inner of hostileBodies(value as Record<string, unknown>))
        variants.push({ ...valid, [key]: inner });
    }
    if (Array.isArray(value) && value[0] && typeof value[0] === 'object') {
      for (const inner of hostileBodies(value[0] as Record<string, unknown>)) {
        variants.push({ ...valid, [key]: [inner, ...value.slice(1)] });
      }
    }
  }
  return variants;
}

/** The strings a URL can carry percent-encoded (a lone surrogate has no UTF-8). */
export const URL_STRINGS = HOSTILE_STRINGS.filter((s) => s !== '\ud800');

/**
 * Each query parameter of `valid` replaced by each hostile string, repeated, or left out
 * (except those in `required`: a long-poll left without its `wait` rightly waits).
 */
export function hostileQueries(valid: Record<string, string>, required: readonly string[] = []): string[] {
  const encode = (entries: [string, string][]) =>
    entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const base = Object.entries(valid);
  const queries: string[] = [];
  for (const [key, value] of base) {
    const others = base.filter(([k]) => k !== key);
    if (!required.includes(key)) queries.push(encode(others));
    queries.push(encode([...others, [key, value], [key, value]]));
    for (const bad of URL_STRINGS) queries.push(encode([...others, [key, bad]]));
    queries.push(`${encode(others)}&${key}=%E0%A4%A`);
  }
  return queries;
}

/** Query strings no route asks for, added to any request. */
export const JUNK_QUERIES: readonly string[] = [
  '__proto__[x]=1',
  'a[b][c][d]=1',
  '%=%',
  '&&&=&',
  'a=%E0%A4%A',
  'a=%ED%A0%80',
];

/** Path segments, already as they appear in a URL: encoded, plus undecodable escapes. */
export const HOSTILE_SEGMENTS: readonly string[] = [
  ...URL_STRINGS.filter((s) => s !== '').map(encodeURIComponent),
  '%',
  '%ED%A0%80',
  '%E0%A4%A',
  '%FF',
  '..',
  '%2e%2e%2f%2e%2e',
];

/** Authorization headers that are not a session. */
export const HOSTILE_AUTHORIZATIONS: readonly (string | undefined)[] = [
  undefined,
  '',
  'Bearer',
  'Bearer ',
  'Bearer x',
  `Bearer ${'x'.repeat(5000)}`,
  'Basic dXNlcjpwYXNz',
  'bearer ',
  'Bearer a b c',
];

/**
 * What the opener of a GM envelope sealing `value` reads: its data is signed and encrypted as
 * compact JSON with null, "", {} and [] dropped (PROTOCOL.md §3), so those never arrive.
 */
export function sealedOverTheWire(value: unknown): unknown {
  const text = compactJson(value);
  return text === '' ? undefined : JSON.parse(text);
}

/** What Koa makes of a query string (koa/lib/search-params.js): repeated keys become arrays. */
export function koaQuery(queryString: string): Record<string, string | string[]> {
  const params = new URLSearchParams(queryString);
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    query[key] = all.length === 1 ? all[0]! : all;
  }
  return query;
}

/** What the receiver of `value` sent as JSON parses (NaN → null, undefined keys gone…). */
export function overTheWire(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

/** Whether a JSON value holds a `__proto__` key anywhere (body parsers refuse such bodies). */
function hasProtoKey(value: unknown): boolean {
  // A loop, not recursion: one hostile body nests 50 000 arrays deep.
  const pending = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (!next || typeof next !== 'object') continue;
    for (const key of Object.keys(next)) {
      if (key === '__proto__') return true;
      pending.push((next as Record<string, unknown>)[key]);
    }
  }
  return false;
}

/**
 * What a strict JSON body parser (@koa/bodyparser with jsonStrict, as the BFF and the
 * sandbox configure it) hands the route for a raw body, or why it refuses it: a type it
 * does not parse and an empty body become `{}`; only an object or an array is JSON enough.
 */
export function parsedJsonBody(
  raw: { type: string; body: string | Buffer },
  limitBytes: number,
): { body: unknown } | { refused: 'BAD_JSON' | 'PAYLOAD_TOO_LARGE' } {
  if (!raw.type.startsWith('application/json')) return { body: {} };
  if (Buffer.byteLength(raw.body) > limitBytes) return { refused: 'PAYLOAD_TOO_LARGE' };
  const text = Buffer.from(raw.body).toString('utf8');
  if (text.trim() === '') return { body: {} };
  let value: unknown;
  try {
    // Object keys named __proto__ stay own keys here, as the parser sees them.
    value = JSON.parse(text);
  } catch {
    return { refused: 'BAD_JSON' };
  }
  if (!value || typeof value !== 'object' || hasProtoKey(value)) return { refused: 'BAD_JSON' };
  return { body: value };
}

/** The part of a better-sqlite3 database read here. */
interface CountableDb {
  prepare(sql: string): { pluck(): { all(): unknown[] }; get(): unknown };
}

const countStatements = new WeakMap<object, Map<string, { get(): unknown }>>();

/** Row counts of every table of a database, except `except` (logs a refusal rightly writes). */
export function rowCounts(db: CountableDb, except: readonly string[] = []): Record<string, number> {
  const key = except.join(',');
  const cached = countStatements.get(db) ?? new Map<string, { get(): unknown }>();
  countStatements.set(db, cached);
  let statement = cached.get(key);
  if (!statement) {
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .pluck()
        .all() as string[]
    ).filter((table) => !except.includes(table));
    // One statement for all tables: this runs around every hostile request.
    statement = db.prepare(
      `SELECT ${tables.map((table) => `(SELECT COUNT(*) FROM "${table}") AS "${table}"`).join(', ')}`,
    );
    cached.set(key, statement);
  }
  return statement.get() as Record<string, number>;
}

/** `table a → b` for each table whose row count differs. */
export function changedCounts(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((table) => before[table] !== after[table])
    .map((table) => `${table} ${before[table] ?? 0} → ${after[table] ?? 0}`);
}
