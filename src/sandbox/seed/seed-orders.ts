import type { Order, Subscription } from '../model.ts';
import type { Prng } from '../prng.ts';

const buyers = ['tech', 'billing', 'owner', 'service', 'ops'];

/** One historical order per seeded subscription, as if each had been bought on its own. */
export function seedOrders(prng: Prng, subscriptions: readonly Subscription[], partnerDomain: string): Order[] {
  return subscriptions.map((sub): Order => {
    const first = sub.history[0] ?? sub.state;
    const pending = first.status.startsWith('Pending') && first.status !== 'PendingCancel';
    return {
      id: prng.uuid(),
      companyId: sub.companyId,
      createdAt: sub.createdAt,
      orderedBy: prng.weighted([['Pax8Partner', 85], ['Customer', 10], ['Pax8', 5]] as const),
      orderedByUserId: prng.uuid(),
      orderedByUserEmail: `${prng.pick(buyers)}@${partnerDomain}`,
      isScheduled: false,
      status: pending ? (first.status === 'PendingManual' ? 'PendingManual' : 'Processing') : 'Completed',
      lineItems: [
        {
          id: prng.uuid(),
          lineItemNumber: 1,
          productId: sub.productId,
          subscriptionId: sub.id,
          ...(sub.commitmentId ? { commitmentTermId: sub.commitmentId } : {}),
          provisionStartAt: sub.createdAt,
          billingTerm: first.billingTerm,
          quantity: first.quantity,
          ...(sub.parentSubscriptionId ? { parentSubscriptionId: sub.parentSubscriptionId } : {}),
        },
      ],
    };
  });
}
