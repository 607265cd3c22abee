import { contentSchema } from '../schemas/common.ts';
import {
  cancelDateSchema,
  quantityUpdateSchema,
  subscriptionHistorySchema,
  subscriptionSchema,
  type Subscription,
  type SubscriptionFilters,
  type SubscriptionHistory,
} from '../schemas/subscription.ts';
import { strictBody } from '../../http/strict-body.ts';
import { fetchContent, listAll, toQuery, type ResourceContext } from './context.ts';

/** `/subscriptions` (Pax8 docs: https://devx.pax8.com/reference/findsubscriptions). */
export interface SubscriptionsResource {
  /** Every subscription (of a company, with filters), in pages of the crawl size; fails closed on a refused or short page. */
  list(filters?: SubscriptionFilters): AsyncIterable<Subscription>;
  get(subscriptionId: string): Promise<Subscription>;
  /**
   * Sets the seat count to `quantity` (the new total) with body `{quantity}` only (WIRE-NOTES rule 3).
   * Sent once; on a timeout or 5xx it throws `Pax8OutcomeUnknownError`: read the subscription to see.
   */
  updateQuantity(subscriptionId: string, quantity: number): Promise<Subscription>;
  /** Cancels (irreversible; `cancelDate` as YYYY-MM-DD). Sent once, like every write (WIRE-NOTES rule 4). */
  cancel(subscriptionId: string, options?: { cancelDate?: string }): Promise<void>;
  /** Past states of the subscription, for reconciling a past month against what it was then. */
  history(subscriptionId: string): Promise<SubscriptionHistory[]>;
}

const historySchema = contentSchema(subscriptionHistorySchema);

export function createSubscriptionsResource(ctx: ResourceContext): SubscriptionsResource {
  const params = (subscriptionId: string): Record<string, string> => ({ subscriptionId });
  return {
    list: (filters) => listAll(ctx, '/subscriptions', subscriptionSchema, {}, toQuery(filters), ctx.crawlPageSize),
    get: (subscriptionId) =>
      ctx.request({ method: 'GET', route: '/subscriptions/{subscriptionId}', params: params(subscriptionId), schema: subscriptionSchema, kind: 'read' }),
    updateQuantity: async (subscriptionId, quantity) =>
      ctx.request({
        method: 'PUT',
        route: '/subscriptions/{subscriptionId}',
        params: params(subscriptionId),
        body: strictBody('quantity change', () => quantityUpdateSchema.parse({ quantity })),
        schema: subscriptionSchema,
        kind: 'write',
      }),
    cancel: async (subscriptionId, options) => {
      const cancelDate = options?.cancelDate === undefined ? undefined : strictBody('cancelDate', () => cancelDateSchema.parse(options.cancelDate));
      await ctx.request({
        method: 'DELETE',
        route: '/subscriptions/{subscriptionId}',
        params: params(subscriptionId),
        query: { cancelDate },
        schema: null,
        kind: 'write',
      });
    },
    history: (subscriptionId) => fetchContent(ctx, '/subscriptions/{subscriptionId}/history', historySchema, params(subscriptionId)),
  };
}
