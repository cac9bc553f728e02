// What the GM envelope does to data on the way (PROTOCOL.md §3, step 1): null, "", {} and []
// are dropped before signing, so an answer arrives without them. Answer schemas put them
// back, so that a parsed answer is what the platform meant to say, and name the codes that
// every envelope answer shares.
import '../zod-setup';
import { z } from 'zod';

/** The head `code` of an answer that succeeded (channel API, e-voucher centre, 62xx, webhook ack). */
export const SUCCESS_CODE = '0';
export const SUCCESS_MESSAGE = '成功';

/** A value the platform may send as null: absent on the wire, null once parsed. */
export function orNull<S extends z.ZodType>(schema: S) {
  return schema.nullish().transform((value) => value ?? null);
}

/** A list the platform may send empty: absent on the wire, [] once parsed. */
export function listOf<S extends z.ZodType>(item: S) {
  return z.array(item).default([]);
}

/** A text the platform may send empty: absent on the wire, "" once parsed. */
export const maybeEmpty = z.string().default('');

/** Amounts in integer fen, as the channel API's readable fields give them. */
export const fen = z.number().int();
export const int = z.number().int();
