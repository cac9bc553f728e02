// The insurance platform's protocol stays behind the insurance client (bff/src/clients/insurance):
// no file in bff/src/services or bff/src/routes imports the protocol module or names one of its
// message fields, paths, channel methods, event types or refusal codes. The names come from
// the protocol module itself, so a field added there is guarded here from then on.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import * as product from '@ybm/shared';
import * as protocol from '@ybm/shared/protocol';
import { z } from 'zod';

const ROOT = path.join(__dirname, '../..');
const GUARDED = ['bff/src/services', 'bff/src/routes'];

/** Every key of every object schema reachable from `exports` (tables of schemas included). */
function fieldNames(exports: unknown, into = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  if (exports === null || typeof exports !== 'object' || seen.has(exports)) return into;
  seen.add(exports);
  if (exports instanceof z.ZodType) {
    const def = exports._zod.def as unknown as Record<string, unknown>;
    const shape = def.shape as Record<string, unknown> | undefined;
    for (const [key, field] of Object.entries(shape ?? {})) {
      into.add(key);
      fieldNames(field, into, seen);
    }
    for (const inner of ['innerType', 'in', 'out', 'element', 'left', 'right', 'keyType', 'valueType'])
      fieldNames(def[inner], into, seen);
    for (const option of (def.options as unknown[] | undefined) ?? []) fieldNames(option, into, seen);
    return into;
  }
  for (const value of Object.values(exports)) fieldNames(value, into, seen);
  return into;
}

/**
 * Protocol names the BFF may use anyway: its own key for a person (an identifier, not a
 * message field), names its stores and audit trail have always had, and ordinary words that
 * a comment or a variable uses in their ordinary sense.
 */
const ALLOWED = new Set([
  // The BFF's own identifiers and stored names.
  'psnNo', // the person's platform number: the BFF's key for a person
  'platformUserId', // the WeChat openid / Alipay user id of a session and a binding
  'appId', // the channel a webhook delivery came on
  'eventId', // a stored event's id
  'activationId', // the claim store keeps the platform's claim under it
  'insutype', // the binding's insurance type code (310/390)
  'refdType', // the audit trail's rows name a refund's type so (tests/system/bill-payment.test.ts)
  // Ordinary words.
  ...['cause', 'channels', 'cipher', 'count', 'data', 'entries', 'input'],
  ...['institutions', 'insurance', 'locked', 'nonce', 'pages', 'payload'],
  ...['remaining', 'reversed', 'settlements', 'signIn', 'signOut', 'size', 'type'],
]);

/** Audit actions that happen to share a name with a channel method or an event type. */
const AUDIT_ACTIONS = new Set([
  'code.issue',
  'settlement.reversed',
  'settlement.reinstated',
  'password.change',
  'password.reset',
  'family.add',
  'family.consent',
  'family.remove',
]);

const productNames = fieldNames(product);
const protocolFields = [...fieldNames(protocol)].filter((name) => !productNames.has(name));
const fields = protocolFields.filter((name) => !ALLOWED.has(name));
const paths = Object.values(protocol.PATHS);
const literals = [
  ...protocol.CHANNEL_METHODS,
  ...protocol.EVENT_TYPES,
  ...Object.keys(protocol.CHANNEL_REFUSALS),
  ...Object.keys(protocol.MOBILE_PAY_REFUSALS),
].filter((name) => !AUDIT_ACTIONS.has(name) && !product.isErrorCode(name));

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const FIELD = new RegExp(`\\b(${fields.map(escape).join('|')})\\b`, 'g');
const LITERAL = new RegExp(`['"\`](${literals.map(escape).join('|')})['"\`]`, 'g');

/** What of the protocol a source text names, as "what: name". */
function protocolNamesIn(text: string): string[] {
  return [
    ...[...text.matchAll(FIELD)].map((match) => `field: ${match[1]}`),
    ...paths.filter((p) => text.includes(p)).map((p) => `path: ${p}`),
    ...[...text.matchAll(LITERAL)].map((match) => `name: ${match[1]}`),
    ...(text.includes('@ybm/shared/protocol') ? ['import: @ybm/shared/protocol'] : []),
  ];
}

function guardedFiles(): string[] {
  return GUARDED.flatMap((dir) =>
    readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.join(dir, file)),
  );
}

describe('the protocol boundary of services and routes', () => {
  it('knows the protocol’s own names, whatever the product shares with it', () => {
    for (const name of ['ordStas', 'payAuthNo', 'orgBizSer', 'psnAcctPay', 'balc', 'payOrdId', 'psn_no'])
      expect(fields).toContain(name);
    // Names both sides mean the same by are the product's, not the protocol's.
    for (const name of ['setlId', 'totalFen', 'fundFen']) expect(fields).not.toContain(name);
    // Every allowance is of a name the protocol really has.
    expect([...ALLOWED].filter((name) => !protocolFields.includes(name))).toEqual([]);
  });

  it('finds a field, a path, a method name, a refusal code and an import of the module', () => {
    const leaky = [
      `import { PATHS } from '@ybm/shared/protocol';`,
      `const status = answer.ordStas;`,
      `await transport.request('${protocol.PATHS.payOrder}', data);`,
      `await transport.call('payauth.issue', data);`,
      `if (code === 'ORDER_NOT_AWAITING_CASH') return;`,
    ].join('\n');
    expect(protocolNamesIn(leaky).sort()).toEqual(
      [
        'field: ordStas',
        `path: ${protocol.PATHS.payOrder}`,
        'name: payauth.issue',
        'name: ORDER_NOT_AWAITING_CASH',
        'import: @ybm/shared/protocol',
      ].sort(),
    );
  });

  it('finds none in bff/src/services and bff/src/routes', () => {
    const files = guardedFiles();
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((file) =>
      protocolNamesIn(readFileSync(path.join(ROOT, file), 'utf8')).map((name) => `${file} ${name}`),
    );
    expect(found).toEqual([]);
  });
});
