import { z } from 'zod';
import { billingTerms, type Subscription } from '../model.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { parseBody } from '../http/parse-body.ts';
import { paginate, parsePaging, sortItems } from '../http/paging.ts';
import { dateParam, matches } from '../http/query.ts';
import { noContent, ok, type RouteContext, type RouteDef } from '../http/route-types.ts';
import { assertMayCancel, assertMayChange } from '../rules/commitment-rules.ts';
import { applyChange } from '../rules/subscription-lifecycle.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { HOUR_MS, parseWireDate } from '../wire-dates.ts';
import { subscriptionWire } from '../wire/subscription-wire.ts';

export function requireSubscription(data: SandboxData, id: string): Subscription {
  const sub = data.subscriptionsById.get(id);
  if (!sub) throw notFound('Subscription', id);
  return sub;
}

const wireDate = z.string().refine((s) => parseWireDate(s) !== undefined, 'must be a date or date-time');

/** `PUT /subscriptions/{id}` is a partial update on the wire; unknown fields are ignored. */
const updateSchema = z.object({
  quantity: z.number().int().min(1).optional(),
  price: z.number().min(0).optional(),
  partnerCost: z.number().min(0).optional(),
  billingTerm: z.enum(billingTerms).optional(),
  startDate: wireDate.optional(),
  endDate: wireDate.optional(),
});

const sortable: Record<string, (s: Subscription) => unknown> = {
  id: (s) => s.id, companyId: (s) => s.companyId, productId: (s) => s.productId, quantity: (s) => s.state.quantity,
  startDate: (s) => s.state.startAt, endDate: (s) => s.state.endAt, createdDate: (s) => s.createdAt, updatedDate: (s) => s.state.at,
  status: (s) => s.state.status, price: (s) => s.state.price, billingTerm: (s) => s.state.billingTerm,
};

function listSubscriptions({ data, query }: RouteContext) {
  const paging = parsePaging(query);
  const companyId = query.get('companyId');
  if (companyId && !data.companiesById.has(companyId)) throw new ApiError(403, 'Invalid companyId', [{ message: `companyId ${companyId} does not belong to this partner` }]);
  const source = companyId ? data.subscriptionsByCompany.get(companyId) ?? [] : data.subscriptions;
  const status = query.get('status');
  const billingTerm = query.get('billingTerm');
  const productId = query.get('productId');
  // Read the filters once, not once per subscription: a crawl pages through every subscription.
  const filtered = status || billingTerm || productId
    ? source.filter((s) => matches(status, s.state.status) && matches(billingTerm, s.state.billingTerm) && matches(productId, s.productId))
    : source;
  return ok(paginate(sortItems(filtered, query, sortable), paging, (s) => subscriptionWire(s, data.productsById.get(s.productId))));
}

function updateSubscription({ data, params, body, now }: RouteContext) {
  const sub = requireSubscription(data, params.subscriptionId ?? '');
  const input = parseBody(updateSchema, body);
  if (Object.values(input).every((v) => v === undefined)) {
    throw new ApiError(422, 'Invalid subscription update', [{ message: 'one of price, billingTerm, quantity, startDate, endDate or partnerCost is required' }]);
  }
  if (sub.state.status === 'Cancelled' || sub.state.status === 'PendingCancel') {
    throw new ApiError(422, `Subscription ${sub.id} is ${sub.state.status} and cannot be updated`);
  }
  const product = data.productsById.get(sub.productId);
  assertMayChange(sub, product, input, now);
  const startAt = input.startDate === undefined ? undefined : parseWireDate(input.startDate);
  const endAt = input.endDate === undefined ? undefined : parseWireDate(input.endDate);
  applyChange(sub, now, {
    ...(input.quantity !== undefined ? { quantity: input.quantity } : {}),
    ...(input.price !== undefined ? { price: input.price } : {}),
    ...(input.partnerCost !== undefined ? { partnerCost: input.partnerCost } : {}),
    ...(input.billingTerm !== undefined ? { billingTerm: input.billingTerm } : {}),
    ...(startAt !== undefined ? { startAt } : {}),
    ...(endAt !== undefined ? { endAt } : {}),
  });
  if (sub.state.endAt !== undefined) data.nextLifecycleAt = Math.min(data.nextLifecycleAt, sub.state.endAt);
  return ok(subscriptionWire(sub, product, { single: true }));
}

/** `DELETE /subscriptions/{id}`: 204, status PendingCancel until the cancel date, then Cancelled. */
function cancelSubscription({ data, params, query, now }: RouteContext) {
  const sub = requireSubscription(data, params.subscriptionId ?? '');
  const requested = dateParam(query, 'cancelDate');
  if (sub.state.status === 'Cancelled' || sub.state.status === 'PendingCancel') {
    throw new ApiError(422, `Subscription ${sub.id} is already ${sub.state.status}`);
  }
  assertMayCancel(sub, data.productsById.get(sub.productId), now);
  const endAt = requested !== undefined && requested > now ? requested : now + HOUR_MS;
  applyChange(sub, now, { status: 'PendingCancel', endAt });
  delete sub.pendingUntil;
  data.nextLifecycleAt = Math.min(data.nextLifecycleAt, endAt);
  return noContent;
}

function history({ data, params }: RouteContext) {
  const sub = requireSubscription(data, params.subscriptionId ?? '');
  const product = data.productsById.get(sub.productId);
  return ok({ content: [...sub.history].reverse().map((state) => subscriptionWire(sub, product, { state })) });
}

export const subscriptionRoutes: RouteDef[] = [
  { method: 'GET', pattern: '/subscriptions', handler: listSubscriptions },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}',
    handler: ({ data, params }) => {
      const sub = requireSubscription(data, params.subscriptionId ?? '');
      return ok(subscriptionWire(sub, data.productsById.get(sub.productId), { single: true }));
    },
  },
  { method: 'PUT', pattern: '/subscriptions/{subscriptionId}', handler: updateSubscription },
  { method: 'DELETE', pattern: '/subscriptions/{subscriptionId}', handler: cancelSubscription },
  { method: 'GET', pattern: '/subscriptions/{subscriptionId}/history', handler: history },
];
