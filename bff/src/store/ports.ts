// What the services need of the BFF's durable state, said without SQLite: every method
// returns a Promise, so a store on another database (PostgreSQL, Redis) can stand behind
// the same calls. `Stores.transaction` is the unit of work: what its callback writes through
// `tx` is kept all together or not at all. The SQLite implementation is sqlite-stores.ts.
import type { Bill, BillRefund, BillStatus, InboxMessage, Preferences, VoucherEvent } from '@ybm/shared';

import type {
  AuditDetail,
  AuditEntry,
  AuditRow,
  BillDetails,
  BillRecord,
  Binding,
  CashOrder,
  CashProvider,
  CashRefund,
  Channel,
  ClaimRecord,
  Erased,
  FamilyLink,
  FamilyProgress,
  InboundEvent,
  InboxEntry,
  LinkFacts,
  Notification,
  NotificationStatus,
  RecoveryRecord,
  SessionRecord,
  StoredConsent,
  VoucherEventInput,
} from './records';

export interface SessionStore {
  create(
    session: Omit<SessionRecord, 'createdAt' | 'lastSeenAt'>,
  ): Promise<{ token: string; expiresAt: number }>;
  /** The live session for a token (touching it), or undefined when unknown or expired. */
  resolve(token: string): Promise<SessionRecord | undefined>;
  revoke(token: string): Promise<void>;
  /** Ends every session of a platform user (unbound, consent withdrawn); how many. */
  revokeUser(channel: Channel, platformUserId: string): Promise<number>;
  /** Deletes every session past its absolute lifetime; how many. */
  removeExpired(): Promise<number>;
}

export interface BindingStore {
  find(channel: Channel, platformUserId: string): Promise<Binding | undefined>;
  /** Every platform account bound to the person (WeChat and Alipay, say). */
  ofPerson(psnNo: string): Promise<Binding[]>;
  save(binding: Binding): Promise<void>;
  remove(channel: Channel, platformUserId: string): Promise<void>;
}

export interface ClaimStore {
  insert(claim: ClaimRecord): Promise<void>;
  /** The claim, or undefined when unknown or expired: an expired claim is purged on the way. */
  get(claimId: string): Promise<ClaimRecord | undefined>;
  /** Changes a live claim; false (and nothing written) when it ended or expired. */
  update(claimId: string, changes: Partial<Omit<ClaimRecord, 'claimId'>>): Promise<boolean>;
  /** The claim is done: its step says so and the person's data goes. */
  complete(claimId: string): Promise<void>;
  /** Purges every claim that expired and still holds the person's data; how many. */
  purgeExpired(): Promise<number>;
  /** SMS sent to a phone since a time (for the daily cap), and the log of one more. */
  smsCountSince(phone: string, since: number): Promise<number>;
  logSms(phone: string, at: number): Promise<void>;
  /** Drops the SMS log's rows older than `at` (they no longer count); how many. */
  forgetSmsBefore(at: number): Promise<number>;
}

export interface ConsentStore {
  /** One consent act: every document it covers, at its version, at one time. */
  record(consent: {
    channel: Channel;
    platformUserId: string;
    claimId: string;
    agreedAt: number;
    documents: readonly { key: StoredConsent['document']; version: string }[];
  }): Promise<void>;
  /** The claim activated: its consents now belong to this person's binding (idempotent). */
  bind(claimId: string, psnNo: string, at: number): Promise<void>;
  /** The platform user's consents, newest first, at most `limit` rows. */
  ofUser(channel: Channel, platformUserId: string, limit: number): Promise<StoredConsent[]>;
}

export interface EventStore {
  /** Stores the event and what it means for a person's codes; false when it was seen before. */
  record(
    event: InboundEvent,
    voucherEvent: VoucherEventInput | undefined,
    receivedAt: number,
  ): Promise<boolean>;
  after(psnNo: string, cursor: number, limit?: number): Promise<VoucherEvent[]>;
  /** The newest voucher event id of a person (0 when none). */
  latest(psnNo: string): Promise<number>;
  /** The newest voucher event id of anyone (0 when none). */
  newestId(): Promise<number>;
  /** Who has voucher events after `id` (by any process on this database), and the newest id. */
  since(id: number): Promise<{ lastId: number; psnNos: string[] }>;
}

export interface BillStore {
  get(billId: string): Promise<BillRecord | undefined>;
  /** From bill.created; a redelivered event changes nothing. */
  insert(bill: {
    billId: string;
    psnNo: string;
    appId: string;
    payToken: string;
    details: BillDetails;
    createdAt: string;
  }): Promise<void>;
  /** Moves an unpaid bill to 'paying' for one request; false when another got there first. */
  startPaying(billId: string, requestId: string, orgBizSer: string): Promise<boolean>;
  /** Leaves `from` for `to` (with the result when paid); false when the bill was not in `from`. */
  move(billId: string, from: BillStatus, to: BillStatus, result?: Bill['result']): Promise<boolean>;
  setStatus(billId: string, status: BillStatus): Promise<void>;
  /** Writes the bill's refunds (all of them, oldest first) and the status they leave it in. */
  setRefunds(billId: string, refunds: readonly BillRefund[], status: BillStatus): Promise<void>;
  /** Bills left 'paying' since before `before` (a crash mid-payment). */
  stuckPaying(before: number): Promise<string[]>;
  request: {
    /** Records a pay request id; answers the bill it was first used for. */
    claim(requestId: string, billId: string): Promise<{ billId: string; outcome?: unknown }>;
    store(requestId: string, outcome: unknown): Promise<void>;
  };
}

export interface InboxStore {
  add(entry: InboxEntry): Promise<void>;
  page(
    psnNo: string,
    options: { before?: number; limit: number },
  ): Promise<{ messages: InboxMessage[]; nextBefore?: number }>;
  unread(psnNo: string): Promise<number>;
  /** False when the message is not this person's. */
  markRead(psnNo: string, id: number): Promise<boolean>;
  /** Reads this person's notice of a bill (opening the bill is reading it). */
  markBillRead(psnNo: string, billId: string): Promise<void>;
}

export interface NotificationStore {
  enqueue(billId: string, channel: Channel, platformUserId: string): Promise<void>;
  /**
   * Leases up to `limit` due rows to `owner` until `leaseUntil`: no other dispatcher takes them
   * meanwhile (rows another owner holds are skipped, never waited for); a row whose lease ran
   * out before it was claimed is free again (its dispatcher died: another sends it).
   */
  lease(owner: string, limit: number, leaseUntil: number): Promise<Notification[]>;
  /** Marks a row this owner leased as being sent (attempts + 1); false when the lease was lost. */
  claim(id: number, owner: string): Promise<boolean>;
  done(
    id: number,
    status: Extract<NotificationStatus, 'sent' | 'refused' | 'failed'>,
    error?: string,
  ): Promise<void>;
  retryAt(id: number, at: number, error: string): Promise<void>;
  /**
   * Rows left 'sending' whose lease ran out (their dispatcher died mid-send) become 'unknown':
   * they may or may not have reached the platform, and WeChat has no idempotent send, so they
   * are not sent again; how many.
   */
  abandonExpired(): Promise<number>;
  /**
   * An instance shutting down gives back the rows it leased and did not claim: due again for
   * any dispatcher now, not when the lease runs out. Rows it is sending stay as they are; how many.
   */
  release(owner: string): Promise<number>;
  counts(): Promise<Partial<Record<NotificationStatus, number>>>;
}

type NewCashOrder = Omit<
  CashOrder,
  'status' | 'platformRef' | 'tradeNo' | 'paidAt' | 'confirmedAt' | 'checkedAt' | 'createdAt'
>;
type NewCashRefund = Pick<
  CashRefund,
  'refundId' | 'orderId' | 'billId' | 'psnNo' | 'amountFen' | 'reason' | 'eventId'
>;

export interface CashOrderStore {
  get(orderId: string): Promise<CashOrder | undefined>;
  /** The bill's order that may still take (or took) its cash, if any. */
  liveOf(billId: string): Promise<CashOrder | undefined>;
  confirmedOf(billId: string): Promise<CashOrder | undefined>;
  /** The bill's newest order, whatever became of it. */
  latestOf(billId: string): Promise<CashOrder | undefined>;
  /** Writes a new order as 'placing'; false when the bill already has a live one. */
  insertPlacing(order: NewCashOrder): Promise<boolean>;
  markOpen(orderId: string, platformRef: string): Promise<boolean>;
  markChecked(orderId: string): Promise<void>;
  /** The platform said paid; false when the order was not waiting for payment. */
  markPaid(orderId: string, payment: { tradeNo: string; paidAt: string }): Promise<boolean>;
  /** Money the platform took that cannot count for the bill: it goes back. */
  markReturned(orderId: string, payment: { tradeNo: string | null; paidAt: string | null }): Promise<boolean>;
  markClosed(orderId: string): Promise<boolean>;
  markConfirmed(orderId: string): Promise<boolean>;
  /** Paid at the platform, not yet confirmed to the insurance platform. */
  awaitingConfirmation(): Promise<CashOrder[]>;
  /** Placing or open orders not looked at since `before`. */
  unsettled(before: number): Promise<CashOrder[]>;
  /** Records a notification once; false when it was already recorded. */
  recordNotification(
    provider: CashProvider,
    notificationId: string,
    orderId: string,
    outcome: string,
  ): Promise<boolean>;
  refunds: {
    add(refund: NewCashRefund): Promise<boolean>;
    get(refundId: string): Promise<CashRefund | undefined>;
    due(): Promise<CashRefund[]>;
    ofOrder(orderId: string): Promise<CashRefund[]>;
    /** Not finished: try (or look) again at `nextAttemptAt`. */
    retry(
      refundId: string,
      status: 'pending' | 'processing',
      nextAttemptAt: number,
      error?: string,
      platformRefundId?: string,
    ): Promise<void>;
    /** Finished, for good; false when it already was. */
    end(
      refundId: string,
      status: 'done' | 'failed',
      error?: string,
      platformRefundId?: string,
    ): Promise<boolean>;
  };
}

export interface AuditLog {
  /**
   * Inside a unit of work the row joins it, and stands or falls with what it records;
   * otherwise it may be committed a little later (a group commit), so a request's answer
   * never waits for it.
   */
  record(entry: AuditEntry): Promise<void>;
  /** Runs `work` and records how it ended: 'ok' (with `detailOf` its result) or its error code. */
  around<T>(
    entry: Omit<AuditEntry, 'outcome'>,
    work: () => Promise<T>,
    detailOf?: (result: T) => AuditDetail,
  ): Promise<T>;
  /** The newest rows about a person, newest first, rows still waiting for their commit included. */
  ofPerson(psnNo: string, limit?: number): Promise<AuditRow[]>;
}

/** 大字模式 and the like, per platform account (store/preferences.ts). */
export interface PreferenceStore {
  get(channel: Channel, platformUserId: string): Promise<Preferences>;
  save(channel: Channel, platformUserId: string, preferences: Preferences): Promise<Preferences>;
}

/** What the last-good-copy table keeps apart: a person's 个人账户, and their records' first pages. */
export type LastGoodKind = 'account' | 'records';

/** One last good answer of the insurance platform, sealed (services/last-good.ts), and when. */
export interface LastGoodCopy {
  sealed: string;
  /** Epoch ms on the stores' clock: when the platform gave this answer. */
  savedAt: number;
}

/**
 * The last good answer per platform account, kind and variant (a records filter), served while
 * the platform is down (store/last-good.ts). Deleted with the rest when consent is withdrawn.
 */
export interface LastGoodStore {
  get(
    channel: Channel,
    platformUserId: string,
    kind: LastGoodKind,
    variant: string,
  ): Promise<LastGoodCopy | undefined>;
  /** Keeps `copy` unless a newer one is already kept (a slow answer never replaces a newer one). */
  put(
    channel: Channel,
    platformUserId: string,
    kind: LastGoodKind,
    variant: string,
    copy: LastGoodCopy,
  ): Promise<void>;
}

/** Recoveries in progress (store/recoveries.ts). */
export interface RecoveryStore {
  insert(recovery: RecoveryRecord): Promise<void>;
  /** The live recovery, or undefined when unknown, ended or expired (an expired one is deleted). */
  get(recoveryId: string): Promise<RecoveryRecord | undefined>;
  /** Changes a live recovery; false (nothing written) when it ended or expired. */
  update(recoveryId: string, changes: Partial<Omit<RecoveryRecord, 'recoveryId'>>): Promise<boolean>;
  /** The recovery ended: the row and the person's data in it go. */
  remove(recoveryId: string): Promise<void>;
  /** Every recovery of a platform user; how many. */
  removeOfUser(channel: Channel, platformUserId: string): Promise<number>;
  /** Deletes every expired recovery; how many. */
  purgeExpired(): Promise<number>;
}

/** Withdrawing consent (store/withdrawal.ts): one transaction of its own. */
export interface WithdrawalStore {
  erase(channel: Channel, platformUserId: string, psnNo: string | null): Promise<Erased>;
}

/** 亲情账户: the opaque memberIds of a guardian's links (store/family.ts). */
export interface FamilyStore {
  /** The guardian's link by memberId; another guardian's memberId is as unknown as a made-up one. */
  get(guardianPerson: string, memberId: string): Promise<FamilyLink | undefined>;
  ofGuardian(guardianPerson: string): Promise<FamilyLink[]>;
  /** The guardians with a live link to this member (their bills and settlements reach them). */
  guardiansOf(memberPerson: string): Promise<string[]>;
  /** One guardian's live link to a member, if any. */
  liveLink(guardianPerson: string, memberPerson: string): Promise<FamilyLink | undefined>;
  /** Records the platform's facts about a link, keeping its memberId (a new one when new). */
  upsert(facts: LinkFacts, newMemberId: () => string): Promise<FamilyLink>;
  update(memberId: string, progress: FamilyProgress): Promise<void>;
  remove(memberId: string): Promise<void>;
}

/** The stores a unit of work writes through. */
export interface TxStores {
  sessions: SessionStore;
  bindings: BindingStore;
  claims: ClaimStore;
  consents: ConsentStore;
  events: EventStore;
  bills: BillStore;
  inbox: InboxStore;
  notifications: NotificationStore;
  cash: CashOrderStore;
  preferences: PreferenceStore;
  lastGood: LastGoodStore;
  recoveries: RecoveryStore;
  withdrawal: WithdrawalStore;
  family: FamilyStore;
  audit: AuditLog;
}

export interface Stores extends TxStores {
  /**
   * The unit of work: everything `work` writes through `tx` is kept when it resolves and
   * nothing of it when it rejects (the rejection is passed on); no other use of the stores sees
   * one half done. On SQLite units run one after the other; on PostgreSQL they run side by side
   * (each seeing what others committed), so on both a unit counts only on this:
   * - a conditional write (`startPaying`, `move`, `claim`, `markPaid`, `refunds.end`, …) decides
   *   a race: of two units making the same move, one is answered true and the other false;
   * - an insert of a key another unit is inserting waits for it, then does nothing
   *   (`events.record` answers false, `recordNotification` false, …);
   * - a bill read through `tx.bills.get` is the unit's until it ends, so reading it and writing
   *   it back is safe; any other read may be stale by the next write: decide with a
   *   conditional write, not with a read;
   * - voucher events become visible in id order.
   * On PostgreSQL `work` may run a second time when the server undid it (two units deadlocked):
   * it does nothing but go through `tx`, and what it keeps in variables it sets afresh.
   */
  transaction<T>(work: (tx: TxStores) => Promise<T>): Promise<T>;
  /**
   * Runs `work` unless the job named `job` is running right now, in this process or in any other
   * on the same database: then it answers `{ ran: false }` at once, without waiting. Background
   * rounds that must not run twice at once go through it (payment reconciliation, the cash worker).
   */
  exclusively<T>(job: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
}
