// Every answer a test's sandbox gives, checked against the protocol module's schema for it
// (tests/support/servers.ts installs this): the answer must parse, and must not carry a
// field the schema does not declare, so that the BFF's client, which parses every answer
// with these schemas, loses nothing. Envelope answers are checked as they travel (null, "",
// {} and [] dropped); 两定 outputs as plain JSON.
import { cleanForSigning } from '@ybm/shared/gm';
import {
  CHANNEL_OPERATIONS,
  EC_TRANSACTIONS,
  FSI_INFNOS,
  MOBILE_PAY_TRANSACTIONS,
} from '@ybm/shared/protocol';
import type { z } from 'zod';

import type { AnswerObserver } from '../../bff/sandbox/insurance/context';

type Answer = Parameters<AnswerObserver>[0];

/** The answers checked so far in this process, as "surface name". */
export const answersChecked = new Set<string>();

function schemaOf({ surface, name }: Answer): z.ZodType | undefined {
  const table: Record<string, { answer?: z.ZodType; output?: z.ZodType }> =
    surface === 'channel'
      ? CHANNEL_OPERATIONS
      : surface === 'ec'
        ? EC_TRANSACTIONS
        : surface === 'mobile-pay'
          ? MOBILE_PAY_TRANSACTIONS
          : FSI_INFNOS;
  const entry = Object.hasOwn(table, name) ? table[name] : undefined;
  return entry?.answer ?? entry?.output;
}

/** "a", "a.b", "a[].c": every field of a JSON value, arrays by their items. */
export function fieldPaths(value: unknown, prefix = '', into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) fieldPaths(item, `${prefix}[]`, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      into.add(path);
      fieldPaths(item, path, into);
    }
  }
  return into;
}

export function checkAnswer(answer: Answer): void {
  const schema = schemaOf(answer);
  if (!schema) throw new Error(`${answer.surface} ${answer.name}: the protocol module has no schema for it`);
  const wire =
    answer.surface === 'fsi'
      ? (JSON.parse(JSON.stringify(answer.data ?? null)) as unknown)
      : cleanForSigning(answer.data);
  const parsed = schema.safeParse(wire);
  if (!parsed.success) {
    throw new Error(
      `${answer.surface} ${answer.name}: the answer does not fit the protocol: ${JSON.stringify(parsed.error.issues)}`,
    );
  }
  const declared = fieldPaths(parsed.data);
  const undeclared = [...fieldPaths(wire)].filter((path) => !declared.has(path));
  if (undeclared.length > 0) {
    throw new Error(
      `${answer.surface} ${answer.name}: fields the protocol does not declare: ${undeclared.join(', ')}`,
    );
  }
  answersChecked.add(`${answer.surface} ${answer.name}`);
}
