import type { Order, Subscription, SubscriptionState } from '../model.ts';
import type { SandboxData } from '../sandbox-data.ts';

/** One change Pax8 would notify: its topic, when it happened (sandbox ms), and the event data. */
export interface SandboxEvent {
  readonly topic: 'SUBSCRIPTION' | 'ORDER';
  readonly at: number;
  readonly payloadData: Record<string, unknown>;
}

/**
 * Finds what changed in an account since the last look: every new subscription history entry is a
 * SUBSCRIPTION event (a Completed Line Item: New, Change, Renewal, Cancel, or the end of
 * provisioning), every new order an ORDER event. Whatever made the change — the bot, a direct API
 * call, the clock moving provisioning or renewals on — it is seen the same way, as at Pax8.
 */
export function createChangeScanner(data: SandboxData) {
  const seen = new WeakMap<Subscription, number>();
  const seenOrders = new WeakSet<Order>();
  const mark = () => {
    for (const sub of data.subscriptions) seen.set(sub, sub.history.length);
    for (const order of data.orders) seenOrders.add(order);
  };
  mark();
  return {
    /** Everything since the last call (or since the scanner was made), oldest first. */
    changes(): SandboxEvent[] {
      const events: SandboxEvent[] = [];
      for (const sub of data.subscriptions) {
        const from = seen.get(sub) ?? 0;
        for (let i = from; i < sub.history.length; i++) {
          const state = sub.history[i];
          if (state) events.push({ topic: 'SUBSCRIPTION', at: state.at, payloadData: subscriptionData(sub, state, i === 0 ? undefined : sub.history[i - 1]) });
        }
        seen.set(sub, sub.history.length);
      }
      for (const order of data.orders) {
        if (seenOrders.has(order)) continue;
        seenOrders.add(order);
        events.push({ topic: 'ORDER', at: order.createdAt, payloadData: { orderId: order.id, companyId: order.companyId, action: 'CREATED', status: order.status, createdDate: new Date(order.createdAt).toISOString() } });
      }
      return events.sort((a, b) => a.at - b.at);
    },
    /** Forgets what happened so far (the webhook target was just set). */
    reset: mark,
  };
}

/** The Completed Line Item type of a history entry, and the filter action Pax8 names it by. */
function kindOf(state: SubscriptionState, before: SubscriptionState | undefined): { action: string; type?: string } {
  if (!before) return { action: 'CREATED', type: 'New' };
  if (state.status === 'PendingCancel' || state.status === 'Cancelled') return { action: 'CANCELLED', type: 'Cancel' };
  if (before.status.startsWith('Pending') && state.status === 'Active') return { action: 'PROVISIONED' };
  if (state.startAt !== before.startAt && state.quantity === before.quantity) return { action: 'UPDATED', type: 'Renewal' };
  return { action: 'UPDATED', type: 'Change' };
}

function subscriptionData(sub: Subscription, state: SubscriptionState, before: SubscriptionState | undefined): Record<string, unknown> {
  return {
    subscriptionId: sub.id,
    companyId: sub.companyId,
    productId: sub.productId,
    ...kindOf(state, before),
    quantity: state.quantity,
    ...(before && before.quantity !== state.quantity ? { previousQuantity: before.quantity } : {}),
    status: state.status,
    billingTerm: state.billingTerm,
    eventDate: new Date(state.at).toISOString(),
  };
}
