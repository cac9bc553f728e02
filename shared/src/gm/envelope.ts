// The GM envelope of PROTOCOL.md §3, used both ways between the BFF and the insurance
// platform: `seal` signs the plaintext (SM3withSM2) and then encrypts `data` (SM4-ECB
// with the work key); `open` checks the shape, the channel and the timestamp, decrypts
// and verifies, each failure with its own error code, and hands back the signed head
// fields (the transaction named, the institution, the answer's code) so that a router
// never reads them from the unverified body.
import { fromHex, toHex, utf8Decode, utf8Encode } from './codec';
import type { GmPrimitives } from './primitives';
import { buildSignString, compactJson, type Json } from './sign-string';
import { DEFAULT_SM2_USER_ID, Sm2Signer, type Sm2KeyPair } from './sm2';
import { formatTimestamp, parseTimestamp, type TimestampFormat } from './timestamp';

export const ENVELOPE_VERSION = '2.0.1';

/** One side's view of a channel: its own keys to sign, the peer's public key to verify. */
export interface EnvelopeChannel {
  appId: string;
  appSecret: string;
  ownKeys: Sm2KeyPair;
  peerPublicKey: string;
  /** SM2 user ID: "1234567812345678" (sm-crypto lineage) or the appSecret (NHSA demo lineage). */
  sm2UserId?: string;
}

export interface SealedEnvelope {
  appId: string;
  encType: 'SM4';
  signType: 'SM2';
  timestamp: string;
  version: string;
  encData: string;
  signData: string;
  /** Requests: the operation called (the channel API's name for it). */
  method?: string;
  /** Requests: the operation called, as e-voucher terminals name it (PROTOCOL.md §2, §7). */
  transType?: string;
  /** Requests from a terminal: the institution (定点医药机构编码) sending it. */
  orgId?: string;
  /** Responses only: "0" for success, otherwise the failure's code. */
  code?: string;
  message?: string;
}

/**
 * Signed head fields besides the standard ones: `method` or `transType` (and a terminal's
 * `orgId`) on requests, `code`/`message` on responses. Every one is in the sign string, so
 * none can be changed, added or dropped without breaking the signature.
 */
export interface EnvelopeHead {
  method?: string;
  transType?: string;
  orgId?: string;
  code?: string;
  message?: string;
}

const EXTRA_HEAD_FIELDS = ['method', 'transType', 'orgId', 'code', 'message'] as const;

export interface OpenedEnvelope extends EnvelopeHead {
  appId: string;
  data: Json | undefined;
  timestamp: number;
}

export type EnvelopeErrorCode =
  | 'ENVELOPE_MALFORMED'
  | 'ENVELOPE_UNKNOWN_APP'
  | 'ENVELOPE_STALE'
  | 'ENVELOPE_UNREADABLE'
  | 'ENVELOPE_SIGNATURE_INVALID';

export class EnvelopeError extends Error {
  constructor(
    readonly code: EnvelopeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

export interface EnvelopeOptions {
  primitives: GmPrimitives;
  now?: () => number;
  timestampFormat?: TimestampFormat;
  /** How far a timestamp may be from our clock, either way. */
  maxSkewMs?: number;
}

export interface EnvelopeCodec {
  seal(channel: EnvelopeChannel, data: unknown, head?: EnvelopeHead): SealedEnvelope;
  open(raw: unknown, findChannel: (appId: string) => EnvelopeChannel | undefined): OpenedEnvelope;
}

const HEAD_FIELDS = ['appId', 'encType', 'signType', 'timestamp', 'version', 'encData', 'signData'] as const;

function readHead(
  raw: unknown,
): Record<string, string> & { appId: string; encData: string; signData: string; timestamp: string } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new EnvelopeError('ENVELOPE_MALFORMED', 'envelope is not a JSON object');
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === 'extra' || key === 'data') continue;
    if (typeof value === 'string') fields[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') fields[key] = String(value);
    else if (value !== null && value !== undefined) {
      throw new EnvelopeError('ENVELOPE_MALFORMED', `field ${key} is not a scalar`);
    }
  }
  for (const name of HEAD_FIELDS) {
    if (!fields[name]) throw new EnvelopeError('ENVELOPE_MALFORMED', `missing ${name}`);
  }
  if (fields.encType !== 'SM4' || fields.signType !== 'SM2') {
    throw new EnvelopeError('ENVELOPE_MALFORMED', 'encType must be SM4 and signType SM2');
  }
  // Channel clients name the transaction `method`, terminals `transType`: one name or both
  // agreeing, never two transactions in one envelope.
  if (fields.method && fields.transType && fields.method !== fields.transType) {
    throw new EnvelopeError('ENVELOPE_MALFORMED', 'method and transType name different transactions');
  }
  return fields as ReturnType<typeof readHead>;
}

export function createEnvelopeCodec(options: EnvelopeOptions): EnvelopeCodec {
  const { primitives } = options;
  const now = options.now ?? Date.now;
  const format = options.timestampFormat ?? 'yyyyMMddHHmmss';
  const maxSkewMs = options.maxSkewMs ?? 5 * 60 * 1000;
  const signer = new Sm2Signer(primitives);
  const workKeys = new Map<string, Uint8Array>();

  // Step 4: k0 = appId[0:16]; workKey = upperHex(SM4(k0, appSecret))[0:16], as UTF-8.
  function workKey(channel: EnvelopeChannel): Uint8Array {
    const cacheKey = `${channel.appId}\u0000${channel.appSecret}`;
    let key = workKeys.get(cacheKey);
    if (!key) {
      const k0 = utf8Encode(channel.appId.slice(0, 16));
      if (k0.length !== 16) throw new RangeError('appId must start with 16 single-byte characters');
      const tmp = primitives.sm4EcbEncrypt(k0, utf8Encode(channel.appSecret));
      key = utf8Encode(toHex(tmp).slice(0, 16));
      workKeys.set(cacheKey, key);
    }
    return key;
  }

  function seal(channel: EnvelopeChannel, data: unknown, head: EnvelopeHead = {}): SealedEnvelope {
    const dataJson = compactJson(data);
    const fields = {
      appId: channel.appId,
      encType: 'SM4' as const,
      signType: 'SM2' as const,
      timestamp: formatTimestamp(now(), format),
      version: ENVELOPE_VERSION,
      ...(head.method ? { method: head.method } : {}),
      ...(head.transType ? { transType: head.transType } : {}),
      ...(head.orgId ? { orgId: head.orgId } : {}),
      ...(head.code !== undefined ? { code: head.code } : {}),
      ...(head.message ? { message: head.message } : {}),
    };
    const signString = buildSignString(fields, dataJson, channel.appSecret);
    const signData = signer.sign(
      utf8Encode(signString),
      channel.ownKeys,
      channel.sm2UserId ?? DEFAULT_SM2_USER_ID,
    );
    const encData = toHex(primitives.sm4EcbEncrypt(workKey(channel), utf8Encode(dataJson)));
    return { ...fields, encData, signData };
  }

  function open(raw: unknown, findChannel: (appId: string) => EnvelopeChannel | undefined): OpenedEnvelope {
    const fields = readHead(raw);
    const channel = findChannel(fields.appId);
    if (!channel) throw new EnvelopeError('ENVELOPE_UNKNOWN_APP', `unknown appId ${fields.appId}`);

    const timestamp = parseTimestamp(fields.timestamp);
    if (timestamp === undefined) throw new EnvelopeError('ENVELOPE_MALFORMED', 'unreadable timestamp');
    if (Math.abs(now() - timestamp) > maxSkewMs) {
      throw new EnvelopeError('ENVELOPE_STALE', 'timestamp outside the allowed window');
    }

    const cipher = fromHex(fields.encData);
    if (!cipher) throw new EnvelopeError('ENVELOPE_MALFORMED', 'encData is not hex');
    let dataJson: string | undefined;
    try {
      dataJson = utf8Decode(primitives.sm4EcbDecrypt(workKey(channel), cipher));
    } catch {
      dataJson = undefined;
    }
    let data: Json | undefined;
    try {
      data = dataJson === undefined || dataJson === '' ? undefined : (JSON.parse(dataJson) as Json);
    } catch {
      dataJson = undefined;
    }
    if (dataJson === undefined) throw new EnvelopeError('ENVELOPE_UNREADABLE', 'encData does not decrypt');

    // Re-canonicalise: a counterparty that encrypted unsorted JSON still signed the sorted form.
    const signString = buildSignString(fields, compactJson(data), channel.appSecret);
    const valid = signer.verify(
      utf8Encode(signString),
      fields.signData,
      channel.peerPublicKey,
      channel.sm2UserId ?? DEFAULT_SM2_USER_ID,
    );
    if (!valid) throw new EnvelopeError('ENVELOPE_SIGNATURE_INVALID', 'signature does not verify');

    const opened: OpenedEnvelope = { appId: fields.appId, data, timestamp };
    // Only what was signed: an empty value is left out of the sign string (step 1), so it is
    // left out here too rather than handed on unverified.
    for (const name of EXTRA_HEAD_FIELDS) {
      const value = fields[name];
      if (value) opened[name] = value;
    }
    return opened;
  }

  return { seal, open };
}
