// Field schemas of the 两定 JSON (PROTOCOL.md §1) and the Chinese err_msg for a failed
// parse. Amounts arrive in yuan (JSON numbers with at most two decimals, or their decimal
// strings, as real HIS clients send either) and leave this module as integer fen.
import '../../zod-setup';
import { z } from 'zod';

import { yuanToFen } from '../../money';
import { parseChinaTime } from './time';

const MAX_YUAN_FEN = 100_000_000_00; // one hundred million yuan: no counter bills more

const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

/** A required non-empty string of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** An optional string: "" and null mean absent, as HIS clients send them. */
export const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().max(max).optional());

/** Yuan → fen, exactly; no floating point on the way. */
export const yuan = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const literal = typeof value === 'number' ? String(value) : value.trim();
  let fen: number | undefined;
  try {
    fen = /^\d+(\.\d{1,2})?$/.test(literal) ? yuanToFen(literal) : undefined;
  } catch {
    fen = undefined;
  }
  if (fen === undefined || fen > MAX_YUAN_FEN) {
    ctx.addIssue({ code: 'custom', message: '金额应为不小于0、最多两位小数的元' });
    return z.NEVER;
  }
  return fen;
});

/** Quantities (cnt): positive, at most four decimals (half a box, 0.25 g). */
export const quantity = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const literal = typeof value === 'number' ? String(value) : value.trim();
  const qty = Number(literal);
  if (!/^\d+(\.\d{1,4})?$/.test(literal) || !(qty > 0) || qty > 1_000_000) {
    ctx.addIssue({ code: 'custom', message: '数量应为大于0、最多四位小数的数' });
    return z.NEVER;
  }
  return qty;
});

/** "0"/"1" flags; numbers accepted as clients send them either way. */
export const flag = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.enum(['0', '1']));

export const certType = z.enum(['01', '02', '03']); // 电子凭证令牌 / 身份证 / 社保卡
export const insutype = z.enum(['310', '390']);
export const psnNo = text(30);

/** "yyyy-MM-dd HH:mm:ss", Beijing time. */
export const dateTime = z.string().refine((value) => parseChinaTime(value) !== undefined, {
  message: '时间格式应为yyyy-MM-dd HH:mm:ss',
});

const HAN = /[\u4e00-\u9fa5]/;

function describe(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : '(报文)';
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message) ? `缺少必填字段[${where}]` : `字段[${where}]类型错误`;
    case 'too_small':
    case 'too_big':
      return `字段[${where}]长度或取值超出范围`;
    case 'invalid_format':
      return HAN.test(issue.message) ? `字段[${where}]${issue.message}` : `字段[${where}]格式错误`;
    case 'invalid_value':
      return `字段[${where}]取值不在允许范围内`;
    case 'invalid_union':
      return `字段[${where}]类型错误`;
    case 'unrecognized_keys':
      return `字段[${where}]含有未定义的键`;
    default:
      return `字段[${where}]${issue.message}`;
  }
}

/** err_msg for the first few problems of a parse, with the field path prefix given. */
export function describeIssues(error: z.ZodError, prefix: string, title = '入参校验失败'): string {
  const issues = error.issues
    .slice(0, 3)
    .map((issue) =>
      describe({ ...issue, path: [...(prefix ? [prefix] : []), ...issue.path] } as z.core.$ZodIssue),
    );
  return `${title}：${issues.join('；')}`;
}
