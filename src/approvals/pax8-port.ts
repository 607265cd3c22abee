import type { OrdersResource, ProductsResource, Subscription, SubscriptionsResource } from '../pax8/index.ts';
import { parsePax8Date } from '../pax8/schemas/common.ts';

/**
 * The only way the approvals engine reaches Pax8: the calls it makes, picked from the client in
 * `src/pax8`, which has already parsed every answer (so the engine does not parse them again). The
 * real client is passed as it is; tests pass an in-memory fake of the same shape. Writes are never
 * retried here.
 */
export interface Pax8Port {
  readonly orders: Pick<OrdersResource, 'create' | 'list' | 'get'>;
  readonly subscriptions: Pick<SubscriptionsResource, 'get' | 'history' | 'updateQuantity' | 'cancel'>;
  readonly products: Pick<ProductsResource, 'dependencies'>;
}

/** The times the engine reads of a subscription; Pax8 writes them in mixed forms, kept as text by the client. */
export interface SubscriptionTimes {
  /** Start of the current term (purchase or last renewal). */
  readonly startDate: Date | undefined;
  /** When this state began; on a history entry, the time of the change. */
  readonly updatedDate: Date | undefined;
  /** End of the commitment, when there is one. */
  readonly commitmentEnd: Date | undefined;
}

export function subscriptionTimes(s: Subscription): SubscriptionTimes {
  return { startDate: parsePax8Date(s.startDate), updatedDate: parsePax8Date(s.updatedDate), commitmentEnd: parsePax8Date(s.commitment?.endDate) };
}
