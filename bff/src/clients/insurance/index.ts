// The insurance platform as the BFF sees it: one typed client per channel, with a method for
// each thing the product asks of the platform, returning the product's own types (fen, a
// BillStatus, a SettlementSplit …). Each method goes through one exchange (exchange.ts):
// sealed and sent over the transport (transport.ts), the answer parsed with the protocol
// module's schema, a refusal turned into an AppError by one table (refusals.ts). The
// protocol's names, paths and codes stay in this folder.
import type { Logger } from 'pino';

import { AppError } from '../../errors';
import type { Breaker } from '../../services/breaker';
import { activationMethods } from './activation';
import { codeMethods } from './codes';
import { directoryMethods } from './directory';
import { createExchange } from './exchange';
import { familyMethods } from './family';
import { paymentMethods } from './payments';
import { peopleMethods } from './people';
import { remoteCareMethods } from './remote-care';
import { settlementMethods } from './settlements';
import {
  createInsuranceTransport,
  type InsuranceTransport,
  type InsuranceTransportOptions,
} from './transport';

/** The platform's surfaces, each behind its own circuit breaker (services/dependencies.ts). */
export interface InsuranceBreakers {
  /** The channel API (identity, codes, accounts, records …). */
  channel: Breaker;
  /** Mobile payments (62xx). */
  payments: Breaker;
}

/**
 * Every call on the wire through its surface's breaker: while the platform is down a call is
 * refused at once (DependencyDown, nothing sent) instead of waiting out its timeout. A
 * refusal by the platform is an answer: it counts as the platform being up.
 */
export function guardTransport(wire: InsuranceTransport, breakers: InsuranceBreakers): InsuranceTransport {
  return {
    call: (method, data) => breakers.channel.run(() => wire.call(method, data)),
    request: (path, data) => breakers.payments.run(() => wire.request(path, data)),
  };
}

export function createInsuranceClient(
  transport: InsuranceTransport | InsuranceTransportOptions,
  options: { logger?: Logger; breakers?: InsuranceBreakers } = {},
) {
  const bare = 'call' in transport ? transport : createInsuranceTransport(transport);
  const wire = options.breakers ? guardTransport(bare, options.breakers) : bare;
  const exchange = createExchange(wire, options.logger);
  return {
    /**
     * The readiness round trip: the nonce through the platform's verification and decryption
     * and back signed and encrypted; returns the nonce the platform sent back.
     */
    async echo(nonce: string): Promise<string> {
      return (await exchange.channel('sys.echo', { nonce })).nonce;
    },
    ...codeMethods(exchange),
    ...activationMethods(exchange),
    ...peopleMethods(exchange),
    ...settlementMethods(exchange),
    ...paymentMethods(exchange),
    ...familyMethods(exchange),
    ...directoryMethods(exchange),
    ...remoteCareMethods(exchange),
  };
}

export type InsuranceClient = ReturnType<typeof createInsuranceClient>;

/** The insurance platform as each channel sees it: WeChat (weapp and H5) and Alipay. */
export interface InsuranceChannels {
  wechat: InsuranceClient;
  alipay?: InsuranceClient;
}

/** The client of a person's channel (a binding's, a claim's); UPSTREAM_UNAVAILABLE when not configured. */
export function insuranceFor(channels: InsuranceChannels, channel: keyof InsuranceChannels): InsuranceClient {
  const client = channels[channel];
  if (!client) throw new AppError('UPSTREAM_UNAVAILABLE');
  return client;
}

export type { ActivationFinished, ActivationRequest, ActivationStarted, FaceCheck } from './activation';
export type { CodeStage, CodeStatus, IssuedCode } from './codes';
export type {
  CareTreatment,
  CatalogueItem,
  CatalogueQuery,
  EstimateRequest,
  Institution,
  InstitutionQuery,
  Page,
  PaymentEstimate,
} from './directory';
export type { FamilyMember, FamilyRelation } from './family';
export type { OrderOutcome, OrderRef, PaymentAuthorisation, PaymentSplit } from './payments';
export type { AccountSummary, InsuranceRecord, InsuredPerson, LedgerPage, PersonDocument } from './people';
export type { RemoteCareFiling, RemoteCareReason, RemoteCareRequest } from './remote-care';
export {
  createInsuranceTransport,
  InsuranceRefusal,
  type InsuranceTransport,
  type InsuranceTransportOptions,
} from './transport';
