import type { ApprovalsEngine } from '../approvals/index.ts';
import type { Logger } from '../log.ts';
import type { Pax8Client } from '../pax8/index.ts';
import { claimWebhookEvents, type Store, type WebhookEvent } from '../store/index.ts';
import type { Clock } from '../util/clock.ts';
import { orderEventSchema, subscriptionEventSchema, webhookPayloadSchema } from './webhook-payload.ts';

/** The caches a Pax8 event makes stale. */
export interface WebhookCaches {
  /** Forget what is remembered of one subscription (its Microsoft ids, read once for `licenses`). */
  forgetSubscription(account: string, subscriptionId: string): void;
  /** Reload an account's company list (a new order may be a new company's). */
  refreshCompanies(account: string): Promise<void>;
}

export interface WebhookProcessorDeps {
  readonly store: Store;
  /** Reads only: an event never makes the bot write to Pax8. */
  readonly pax8: { get(account: string): Pick<Pax8Client, 'subscriptions' | 'orders'> };
  readonly approvals: Pick<ApprovalsEngine, 'followUpNow'>;
  readonly caches: WebhookCaches;
  readonly clock: Clock;
  readonly log: Logger;
  /** How long one replica holds an event it works on before another may take it; default 2 minutes. */
  readonly leaseMs?: number;
}

/** The audit trail's actor for what Pax8 reports: a change made outside the bot. */
export const pax8Actor = { email: 'Pax8', role: 'system', platform: 'pax8' } as const;

/** A request of ours changed the record this long before the event: the event is its echo. */
const echoWindowMs = 60 * 60_000;
/** A provisioning watch lasts a day (see the scheduler): requests older than that have none. */
const watchWindowMs = 25 * 3_600_000;

/** What processing one event came to: stored as the event's outcome, and an audit entry when outside the bot. */
interface Outcome {
  readonly outcome: string;
  readonly audit?: { readonly reason: string; readonly pax8Ids: readonly string[] };
}

/**
 * Works through recorded Pax8 events: claimed with a lease (replicas share them; one whose
 * processor died comes back), each finished once in the transaction that audits it. A subscription
 * or order event that one of the bot's requests explains runs that request's follow-up now (the
 * same watch the scheduler runs, settled early); one that none explains is a change made outside
 * the bot and goes to the audit log with actor "Pax8". Every subscription event drops what is
 * cached of the subscription. Nothing here writes to Pax8.
 */
export function createWebhookProcessor(deps: WebhookProcessorDeps) {
  const leaseMs = deps.leaseMs ?? 120_000;
  let running: Promise<void> = Promise.resolve();

  async function processOne(event: WebhookEvent): Promise<void> {
    const result = await outcomeOf(deps, event);
    const at = deps.clock.now();
    await deps.store.transaction(async (t) => {
      const first = await t.webhookEvents.finish(event.id, result.outcome, at);
      if (first && result.audit) {
        await t.audit.append({ at, action: 'changed_outside', actorEmail: pax8Actor.email, role: pax8Actor.role, platform: pax8Actor.platform, reason: result.audit.reason, pax8Ids: result.audit.pax8Ids });
      }
    });
  }

  async function pass(): Promise<void> {
    for (;;) {
      const events = await claimWebhookEvents(deps.store.db, { now: deps.clock.now(), leaseMs });
      if (events.length === 0) return;
      for (const event of events) {
        try {
          await processOne(event);
        } catch (error) {
          deps.log.warn({ err: error, webhookEvent: event.id, topic: event.topic, attempt: event.attempts }, 'a Pax8 event could not be processed; it is tried again when its lease ends');
        }
      }
    }
  }

  return {
    /** Processes what is recorded and not processed, after any pass already running. */
    kick(): Promise<void> {
      running = running.then(pass).catch((error: unknown) => deps.log.error({ err: error }, 'processing Pax8 events failed'));
      return running;
    },
    idle: (): Promise<void> => running,
  };
}

export type WebhookProcessor = ReturnType<typeof createWebhookProcessor>;

async function outcomeOf(deps: WebhookProcessorDeps, event: WebhookEvent): Promise<Outcome> {
  const payload = webhookPayloadSchema.safeParse(event.payload);
  if (!payload.success) return { outcome: 'ignored: not a Pax8 webhook payload' };
  const eventAt = eventTime(payload.data.sentAt, event.receivedAt);
  if (event.topic === 'SUBSCRIPTION') {
    const data = subscriptionEventSchema.safeParse(payload.data.payloadData);
    if (!data.success) return { outcome: 'ignored: no subscriptionId' };
    deps.caches.forgetSubscription(event.account, data.data.subscriptionId);
    const ours = await explainedBy(deps, data.data.subscriptionId, eventAt);
    if (ours.length > 0) return { outcome: `explained by request ${ours.join(', ')}` };
    const what = data.data.type ?? data.data.action ?? 'a change';
    return { outcome: 'changed outside the bot', audit: { reason: `Pax8 reported ${what} on a subscription that no request of the bot made: ${await describeSubscription(deps, event.account, data.data.subscriptionId)}`, pax8Ids: [data.data.subscriptionId] } };
  }
  if (event.topic === 'ORDER') {
    const data = orderEventSchema.safeParse(payload.data.payloadData);
    if (!data.success) return { outcome: 'ignored: no orderId' };
    const ours = await explainedBy(deps, data.data.orderId, eventAt);
    if (ours.length > 0) return { outcome: `explained by request ${ours.join(', ')}` };
    await deps.caches.refreshCompanies(event.account).catch((error: unknown) => deps.log.warn({ err: error, account: event.account }, 'could not reload the company list after a Pax8 order event'));
    return { outcome: 'changed outside the bot', audit: { reason: `Pax8 reported an order that no request of the bot placed: ${await describeOrder(deps, event.account, data.data.orderId)}`, pax8Ids: [data.data.orderId] } };
  }
  return { outcome: `ignored: topic ${event.topic} is not one the bot acts on` };
}

/**
 * The bot's requests the event is the echo of: one still watching its provisioning (its watch runs
 * now), or one that changed the record shortly before the event.
 */
async function explainedBy(deps: WebhookProcessorDeps, pax8Id: string, eventAt: Date): Promise<string[]> {
  const candidates = await deps.store.requests.listTouching(pax8Id, new Date(eventAt.getTime() - watchWindowMs));
  const ours: string[] = [];
  for (const request of candidates) {
    const watched = await deps.approvals.followUpNow(request.id);
    if (watched || request.updatedAt.getTime() >= eventAt.getTime() - echoWindowMs) ours.push(request.id);
  }
  return ours;
}

function eventTime(sentAt: string, receivedAt: Date): Date {
  const at = new Date(sentAt);
  return Number.isNaN(at.getTime()) || at > receivedAt ? receivedAt : at;
}

/** "Microsoft 365 Business Basic (id …), now 12 seats, Active", read from Pax8 now; the id alone when it cannot be read. */
async function describeSubscription(deps: WebhookProcessorDeps, account: string, id: string): Promise<string> {
  try {
    const s = await deps.pax8.get(account).subscriptions.get(id);
    const parts = [s.quantity === undefined || s.quantity === null ? undefined : `now ${s.quantity} seats`, s.status ?? undefined].filter(Boolean);
    return `${s.productName ?? 'subscription'} (id ${id})${parts.length > 0 ? `, ${parts.join(', ')}` : ''}`;
  } catch (error) {
    deps.log.warn({ err: error, subscriptionId: id }, 'could not read the subscription a Pax8 event named');
    return `subscription ${id} (it could not be read just now)`;
  }
}

async function describeOrder(deps: WebhookProcessorDeps, account: string, id: string): Promise<string> {
  try {
    const o = await deps.pax8.get(account).orders.get(id);
    const lines = o.lineItems.map((l) => `${l.quantity ?? '?'} × ${l.productId ?? 'a product'}`).join(', ');
    return `order ${id} for company ${o.companyId ?? '(unknown)'}${lines ? `: ${lines}` : ''}`;
  } catch (error) {
    deps.log.warn({ err: error, orderId: id }, 'could not read the order a Pax8 event named');
    return `order ${id} (it could not be read just now)`;
  }
}
