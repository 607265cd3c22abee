import type { Order, OrderLine, Subscription } from '../model.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { parseBody } from '../http/parse-body.ts';
import { paginate, parsePaging } from '../http/paging.ts';
import { boolParam } from '../http/query.ts';
import { ok, type RouteContext, type RouteDef } from '../http/route-types.ts';
import { checkOrderLines, type CheckedLine } from '../rules/order-rules.ts';
import { indexSubscription, type SandboxData } from '../sandbox-data.ts';
import { addMonthsUtc, parseWireDate } from '../wire-dates.ts';
import { orderWire } from '../wire/subscription-wire.ts';
import { requireCompany } from './companies.ts';
import { createOrderSchema, type CreateOrderInput } from './order-schema.ts';

/** Microsoft provisioning is automated and takes a few minutes; other vendors are active at once. */
const PROVISIONING_MS = 5 * 60_000;

/** What an order line's Microsoft provisioning details say about the customer's tenant. */
function tenantHint(line: CheckedLine): Subscription['tenantHint'] {
  const value = (key: string) => line.input.provisioningDetails?.find((d) => d.key === key)?.values[0]?.trim();
  const tenantId = value('msTenantId');
  const domainPrefix = value('msDomain');
  if (!tenantId && !domainPrefix) return undefined;
  return { ...(tenantId ? { tenantId: tenantId.toLowerCase() } : {}), ...(domainPrefix ? { domainPrefix: domainPrefix.toLowerCase() } : {}) };
}

function newSubscription(data: SandboxData, companyId: string, line: CheckedLine, startAt: number, now: number, parentId: string | undefined): Subscription {
  const microsoft = line.product.vendorName === 'Microsoft';
  const termMonths = line.commitment?.months ?? (line.input.billingTerm === 'Annual' ? 12 : undefined);
  const sub: Subscription = {
    id: data.ids.uuid(),
    companyId,
    productId: line.product.id,
    createdAt: now,
    currencyCode: data.currencyCode,
    dateStyle: 2,
    state: {
      at: now,
      quantity: line.input.quantity,
      price: line.price.suggestedRetailPrice,
      partnerCost: line.price.partnerBuyRate,
      status: microsoft ? 'PendingAutomated' : 'Active',
      billingTerm: line.input.billingTerm,
      startAt,
      ...(termMonths !== undefined ? { endAt: addMonthsUtc(startAt, termMonths) } : {}),
    },
    history: [],
  };
  sub.history.push(sub.state);
  if (line.commitment) sub.commitmentId = line.commitment.id;
  if (termMonths !== undefined) sub.termMonths = termMonths;
  if (microsoft) {
    sub.vendorSubscriptionId = data.ids.uuid();
    sub.pendingUntil = Math.max(now, startAt) + PROVISIONING_MS;
    const hint = tenantHint(line);
    if (hint) sub.tenantHint = hint;
  }
  if (parentId !== undefined) sub.parentSubscriptionId = parentId;
  return sub;
}

function buildOrder(data: SandboxData, input: CreateOrderInput, lines: readonly CheckedLine[], now: number): { order: Order; subs: Subscription[] } {
  const subs: Subscription[] = [];
  const byNumber = new Map<number, Subscription>();
  const orderLines: OrderLine[] = lines.map((line) => {
    const requested = line.input.provisionStartDate === undefined ? undefined : parseWireDate(line.input.provisionStartDate);
    const startAt = requested !== undefined && requested > now ? requested : now;
    const parent = line.input.parentSubscriptionId ?? (line.input.parentLineItemNumber !== undefined ? byNumber.get(line.input.parentLineItemNumber)?.id : undefined);
    const sub = newSubscription(data, input.companyId, line, startAt, now, parent);
    subs.push(sub);
    byNumber.set(line.input.lineItemNumber, sub);
    return {
      id: data.ids.uuid(), lineItemNumber: line.input.lineItemNumber, productId: line.product.id, subscriptionId: sub.id,
      ...(line.commitment ? { commitmentTermId: line.commitment.id } : {}),
      provisionStartAt: startAt, billingTerm: line.input.billingTerm, quantity: line.input.quantity,
      ...(parent !== undefined ? { parentSubscriptionId: parent } : {}),
    };
  });
  const order: Order = {
    id: data.ids.uuid(), companyId: input.companyId, createdAt: now,
    orderedBy: input.orderedBy === 'Customer' ? 'Customer' : input.orderedBy === 'Pax8' ? 'Pax8' : 'Pax8Partner',
    orderedByUserId: '2b7d9a3e-5f1c-4e8a-9b6d-3c4e5f6a7b8c', orderedByUserEmail: input.orderedByUserEmail ?? 'api@northwind-msp.com',
    isScheduled: orderLines.some((l) => l.provisionStartAt > now),
    status: subs.every((s) => s.state.status === 'Active') ? 'Completed' : 'Processing',
    lineItems: orderLines,
    datedInPax8Zone: true,
  };
  return { order, subs };
}

/**
 * `POST /orders`: validates everything (company Active, products, commitments, provisioning) and
 * creates the order with its subscriptions. With `isMock=true` it answers the would-be order and
 * stores nothing: the bot's dry run before asking for approval.
 */
function createOrder({ data, body, query, now }: RouteContext) {
  const input = parseBody(createOrderSchema, body);
  const isMock = boolParam(query, 'isMock') ?? false;
  const company = requireCompany(data, input.companyId);
  if (company.status !== 'Active') {
    throw new ApiError(422, `Company ${company.id} is not active`, [{ message: 'The company needs primary Admin, Billing and Technical contacts before it can order' }]);
  }
  const { lines, problems } = checkOrderLines(data, input);
  if (problems.length > 0) throw new ApiError(422, 'Invalid order', problems.map((message) => ({ message })));
  const { order, subs } = buildOrder(data, input, lines, now);
  if (!isMock) {
    for (const sub of subs) indexSubscription(data, sub);
    data.orders.push(order);
    data.ordersById.set(order.id, order);
    data.nextLifecycleAt = Math.min(data.nextLifecycleAt, ...subs.map((s) => s.pendingUntil ?? Infinity));
  }
  return ok(orderWire(order, { includeOrderedBy: false }));
}

function listOrders({ data, query }: RouteContext) {
  const paging = parsePaging(query);
  const companyId = query.get('companyId');
  if (companyId) requireCompany(data, companyId);
  // `?status=` is silently ignored, as on the real API.
  const orders = companyId ? data.orders.filter((o) => o.companyId === companyId) : data.orders;
  return ok(paginate(orders, paging, (o) => orderWire(o, { includeOrderedBy: true })));
}

export const orderRoutes: RouteDef[] = [
  { method: 'GET', pattern: '/orders', handler: listOrders },
  { method: 'POST', pattern: '/orders', handler: createOrder },
  {
    method: 'GET',
    pattern: '/orders/{orderId}',
    handler: ({ data, params }) => {
      const order = data.ordersById.get(params.orderId ?? '');
      if (!order) throw notFound('Order', params.orderId ?? '');
      return ok(orderWire(order, { includeOrderedBy: true }));
    },
  },
];
