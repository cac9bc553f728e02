// Helpers for payment and activation tests: a password encrypted as the mini-program does
// it, extra channels (a second platform, a HIS), and a 62xx caller that seals requests and
// opens answers in the GM envelope.
import { fenToYuan } from '@ybm/shared';
import {
  createEnvelopeCodec,
  generateSm2KeyPair,
  publicKeyHex,
  DEFAULT_SM2_USER_ID,
  type EnvelopeChannel,
  type Json,
} from '@ybm/shared/gm';
import { nodePrimitives } from '@ybm/shared/node';
import { sm2 } from 'sm-crypto-v2';

import { createInsuranceTransport, type InsuranceTransport } from '../../bff/src/clients/insurance';
import type { ChannelRegistry } from '../../bff/sandbox/insurance/channels';
import type { SandboxContext } from '../../bff/sandbox/insurance/context';
import { createEventDispatcher } from '../../bff/sandbox/insurance/events/dispatcher';
import { DEMO_CATALOGUE, DEMO_INSTITUTIONS } from '../../bff/sandbox/insurance/seed';
import { testChannel } from './keys';

/** SM2 C1C3C2 hex with the platform's public key, as sm-crypto-v2 `doEncrypt(pw, pub, 1)`. */
export function encryptPassword(
  plain: string,
  platformPublicKey = testChannel().platformKeys.publicKey,
): string {
  return sm2.doEncrypt(plain, publicKeyHex(platformPublicKey), 1);
}

/** Registers another channel with the sandbox; returns its view (signs as the channel). */
export function registerChannel(channels: ChannelRegistry, appId: string): EnvelopeChannel {
  const keys = generateSm2KeyPair();
  const appSecret = `secret-of-${appId}`;
  channels.register({
    appId,
    name: appId,
    appSecret,
    sm2UserId: DEFAULT_SM2_USER_ID,
    publicKey: keys.publicKey,
  });
  return {
    appId,
    appSecret,
    ownKeys: keys,
    peerPublicKey: testChannel().platformKeys.publicKey,
    sm2UserId: DEFAULT_SM2_USER_ID,
  };
}

/** The wire under the BFF's insurance client for a channel (raw operations and 62xx), on the test clock. */
export function channelClient(url: string, channel: EnvelopeChannel, now: () => number): InsuranceTransport {
  return createInsuranceTransport({
    baseUrl: url,
    channel,
    codec: createEnvelopeCodec({ primitives: nodePrimitives, now }),
    timeoutMs: 5000,
  });
}

export interface MobilePayAnswer {
  status: number;
  /** false: an unsigned refusal of the envelope itself. */
  signed: boolean;
  code: string | undefined;
  message: string | undefined;
  data: Record<string, Json> | undefined;
}

/** The total and fee lines of a 6201 upload of one of each of `items` (catalogue entries). */
export function feesOf(items: readonly { code: string; priceFen: number }[]) {
  return {
    medfeeSumamt: fenToYuan(items.reduce((sum, item) => sum + item.priceFen, 0)),
    feedetail: items.map((item, i) => ({
      feedetlSn: `F${i + 1}`,
      medListCodg: item.code,
      cnt: 1,
      pric: fenToYuan(item.priceFen),
      detItemFeeSumamt: fenToYuan(item.priceFen),
    })),
  };
}

/** A 6201 upload of one consultation at the demo hospital for `psnNo`: the smallest real bill. */
export function consultationBill(psnNo: string, medOrgOrd: string) {
  return {
    orgCodg: DEMO_INSTITUTIONS.hospital,
    medOrgOrd,
    psnNo,
    deptName: '普通内科',
    drName: '李医生',
    ...feesOf([DEMO_CATALOGUE.consultation]),
  };
}

/**
 * A 6203 refund of `split` of the bill `billId` by the hospital, with the payAuthNo of its
 * payment as the platform gave it (read from the insurance sandbox's database).
 */
export function refundRequest(
  sandbox: Pick<SandboxContext, 'db'>,
  billId: string,
  refund: {
    refdType: 'ALL' | 'CASH' | 'HI';
    split: { fundFen: number; accountFen: number; cashFen: number };
    sn: string;
    at?: string;
  },
) {
  const { split } = refund;
  return {
    payOrdId: billId,
    appRefdSn: refund.sn,
    appRefdTime: refund.at ?? '2026-11-22 10:00:00',
    refdType: refund.refdType,
    totlRefdAmt: fenToYuan(split.fundFen + split.accountFen + split.cashFen),
    cashRefdAmt: fenToYuan(split.cashFen),
    psnAcctRefdAmt: fenToYuan(split.accountFen),
    fundRefdAmt: fenToYuan(split.fundFen),
    payAuthNo: sandbox.db
      .prepare('SELECT pay_auth_no FROM pay_orders WHERE pay_ord_id = ?')
      .pluck()
      .get(billId),
  };
}

/**
 * The platform's events aimed at the BFF's webhook at `bffUrl`, for the test channel: a test
 * delivers them with `drainOnce()` when it needs them there (the backoff never runs on its own).
 */
export function webhookEvents(
  sandbox: Parameters<typeof createEventDispatcher>[0],
  bffUrl: string,
): ReturnType<typeof createEventDispatcher> {
  return createEventDispatcher(sandbox, {
    webhookUrl: `${bffUrl}/webhooks/insurance`,
    timeoutMs: 3000,
    backoff: { baseMs: 1000, maxMs: 60_000 },
    defaultAppId: testChannel().appId,
  });
}

/** A HIS calling 62xx paths: seals the request, opens and verifies the answer. */
export function hisClient(url: string, channel: EnvelopeChannel, now: () => number) {
  const codec = createEnvelopeCodec({ primitives: nodePrimitives, now });
  return {
    async call(path: string, data: unknown): Promise<MobilePayAnswer> {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(codec.seal(channel, data)),
      });
      const body = (await response.json()) as Record<string, unknown>;
      if (!body.encData) {
        return {
          status: response.status,
          signed: false,
          code: body.code as string,
          message: body.message as string,
          data: undefined,
        };
      }
      const opened = codec.open(body, (appId) => (appId === channel.appId ? channel : undefined));
      return {
        status: response.status,
        signed: true,
        code: opened.code,
        message: opened.message,
        data: opened.data as Record<string, Json> | undefined,
      };
    },
  };
}

/**
 * A person claims the voucher on the test channel through the platform's own operations
 * (activation.start → activation.finish with the password), as the BFF's claim flow does.
 */
export async function activateOnPlatform(
  platform: InsuranceTransport,
  person: { docType: string; docNumber: string; name: string },
  platformUserId: string,
  password: string,
): Promise<void> {
  const started = (await platform.call('activation.start', {
    docType: person.docType,
    docNumber: person.docNumber,
    name: person.name,
    platformUserId,
  })) as Record<string, Json>;
  await platform.call('activation.finish', {
    activationId: started.activationId as string,
    passwordCipher: encryptPassword(password),
  });
}
