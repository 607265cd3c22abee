import { z } from 'zod';
import { defineKind } from '../kind-definition.ts';
import type { CreateOrderInput, Order } from '../../pax8/index.ts';
import { billingTerms } from '../../pax8/schemas/common.ts';
import { buyFacts, buyPreviewSchema } from './buy-preview.ts';
import { attemptWindow, type AttemptWindow, windowText } from './write-evidence.ts';

const detailSchema = z.object({ key: z.string(), values: z.array(z.string()) });

/** A new order: one line item (WIRE-NOTES rule 8); `commitmentTermId` when the product requires one. */
export const buyPayloadSchema = z.object({
  companyId: z.string().min(1),
  companyName: z.string().optional(),
  productId: z.string().min(1),
  productName: z.string().optional(),
  quantity: z.number().int().positive(),
  billingTerm: z.enum(billingTerms),
  commitmentTermId: z.string().optional(),
  provisioningDetails: z.array(detailSchema).optional(),
  unitMonthlyCost: z.number().nonnegative().default(0),
});
export type BuyPayload = z.output<typeof buyPayloadSchema>;

/** The order a buy sends: what its dry run sends too, so the approver sees Pax8's verdict on this very order. */
export function buyOrder(p: Pick<BuyPayload, 'companyId' | 'productId' | 'quantity' | 'billingTerm' | 'commitmentTermId' | 'provisioningDetails'>): CreateOrderInput {
  return {
    companyId: p.companyId,
    lineItems: [
      {
        lineItemNumber: 1,
        productId: p.productId,
        quantity: p.quantity,
        billingTerm: p.billingTerm,
        ...(p.commitmentTermId ? { commitmentTermId: p.commitmentTermId } : {}),
        ...(p.provisioningDetails ? { provisioningDetails: p.provisioningDetails } : {}),
      },
    ],
  };
}

/** The company's orders before this one was sent: any order in this list is not ours. */
const buyBasisSchema = z.object({ ordersBefore: z.array(z.string()) });
const buyResultSchema = z.looseObject({ orderId: z.string().nullable().optional(), subscriptionIds: z.array(z.string()).default([]) });

const subscriptionIdsOf = (order: Order): string[] => order.lineItems.flatMap((l) => (l.subscriptionId ? [l.subscriptionId] : []));
const idsOf = (order: Order): string[] => [...(order.id ? [order.id] : []), ...subscriptionIdsOf(order)];
const orderEvidence = (orderId: string): string => `order:${orderId}`;
const same = (a: string | null | undefined, b: string | null | undefined): boolean => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/** Provisioning details compare as sets of `key=value`; an order that does not echo them is not held against the match. */
function sameDetails(sent: BuyPayload['provisioningDetails'], line: Order['lineItems'][number]): boolean {
  if (line.provisioningDetails === undefined || line.provisioningDetails === null) return true;
  const flat = (d: readonly { key: string; values?: readonly string[] | null | undefined }[]) => d.flatMap((x) => (x.values ?? []).map((v) => `${x.key}=${v}`)).sort().join('\n');
  return flat(sent ?? []) === flat(line.provisioningDetails);
}

/** Pax8 is in Denver: its calendar days start at 06:00 or 07:00 UTC. */
const pax8DayOffsetMs = -7 * 3_600_000;
const dayOf = (at: Date, offsetMs = 0): string => new Date(at.getTime() + offsetMs).toISOString().slice(0, 10);

/**
 * Whether an order's creation date can fall inside the attempt. Pax8 dates orders by calendar day,
 * sometimes in its own time zone, so a bare day matches every day the window touches in UTC or in
 * Denver; a date with a time is compared exactly.
 */
function createdWithin(order: Order, w: AttemptWindow): boolean {
  const text = order.createdDate;
  if (!text) return true;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text >= dayOf(w.from, pax8DayOffsetMs) && text <= dayOf(w.to);
  const at = new Date(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(at.getTime()) || (at >= w.from && at <= w.to);
}

/** Everything the bot sent must be in the order's line: product, quantity, billing term, commitment, details. */
function matchesOrder(p: BuyPayload, order: Order): boolean {
  if (order.lineItems.length !== 1) return false;
  const line = order.lineItems[0];
  if (!line) return false;
  return line.productId === p.productId && line.quantity === p.quantity && same(line.billingTerm, p.billingTerm) && same(line.commitmentTermId, p.commitmentTermId) && sameDetails(p.provisioningDetails, line);
}

const pending = (status: string | null | undefined): boolean => (status ?? '').toLowerCase().startsWith('pending') || (status ?? '').toLowerCase() === 'waitingfordetails';

export const buyKind = defineKind({
  kind: 'buy',
  payloadSchema: buyPayloadSchema,
  previewSchema: buyPreviewSchema,
  previewFacts: buyFacts,
  requestedBy: 'requester',
  monthlyCostDelta: (p) => p.quantity * p.unitMonthlyCost,
  seats: (p) => p.quantity,
  company: (p) => ({ id: p.companyId, name: p.companyName }),
  target: (p) => `orders:${p.companyId}`,
  /** Notes the company's orders first: an uncertain order is then looked for among the new ones only. */
  async plan(p, ctx) {
    const ordersBefore: string[] = [];
    for await (const order of ctx.pax8.orders.list({ companyId: p.companyId })) if (order.id) ordersBefore.push(order.id);
    return { action: 'write', write: { operation: 'POST /orders', body: buyOrder(p), basis: { ordersBefore }, summary: `order of ${p.quantity} × ${p.productName ?? p.productId}` } };
  },
  async execute(p, _write, ctx) {
    const order = await ctx.pax8.orders.create(buyOrder(p), { isMock: false });
    return {
      pax8Ids: idsOf(order),
      ...(order.id ? { evidence: orderEvidence(order.id) } : {}),
      result: { orderId: order.id ?? null, subscriptionIds: subscriptionIdsOf(order), orderStatus: order.status ?? null },
    };
  },
  /**
   * An order that was not there before the attempt, dated inside it on Pax8's day rules, matching
   * everything the bot sent, and credited to no other request. Two such orders cannot be told apart.
   */
  async resolve(p, attempt, ctx) {
    const basis = buyBasisSchema.safeParse(attempt.basis);
    const before = new Set(basis.success ? basis.data.ordersBefore : []);
    const w = attemptWindow(attempt.sentAt, ctx.attemptEnd, ctx.skewMs);
    const matching: (Order & { id: string })[] = [];
    for await (const order of ctx.pax8.orders.list({ companyId: p.companyId })) {
      const { id } = order;
      if (id && !before.has(id) && createdWithin(order, w) && matchesOrder(p, order)) matching.push({ ...order, id });
    }
    const claimed = await ctx.claimed(matching.map((o) => orderEvidence(o.id)));
    const found = matching.filter((o) => !claimed.has(orderEvidence(o.id)));
    const [only] = found;
    if (only && found.length === 1) return { outcome: 'succeeded', pax8Ids: idsOf(only), evidence: orderEvidence(only.id), detail: `found order ${only.id}` };
    if (found.length > 1) {
      return { outcome: 'still_unknown', detail: `${found.length} new orders match this one (${found.map((o) => o.id).join(', ')}); check in Pax8 which, if any, this request placed` };
    }
    if (ctx.now.getTime() - ctx.attemptEnd.getTime() >= ctx.settleAfterMs) {
      return { outcome: 'failed', detail: `no new order matching this one was placed between ${windowText(w)}: the order was not placed` };
    }
    return { outcome: 'still_unknown', detail: 'no matching order yet' };
  },
  /** The order's real state: its subscriptions provisioning, active, or failed. */
  async followUp(_p, result, ctx) {
    const known = buyResultSchema.parse(result);
    const subscriptions = await Promise.all(known.subscriptionIds.map((id) => ctx.pax8.subscriptions.get(id)));
    const statuses = subscriptions.map((s) => s.status);
    const orderStatus = known.orderId ? ((await ctx.pax8.orders.get(known.orderId)).status ?? null) : null;
    const failed = orderStatus?.toLowerCase() === 'failed';
    const provisioning = !failed && statuses.some(pending);
    // Microsoft's commerce subscription id on every active one: Microsoft holds them (WIRE-NOTES rule 12).
    const atMicrosoft = !failed && !provisioning && subscriptions.length > 0 && subscriptions.every((s) => Boolean(s.vendorSubscriptionId));
    return {
      result: { ...result, orderStatus, subscriptionStatuses: statuses.map((s) => s ?? null), provisioning: failed ? 'failed' : provisioning ? 'provisioning' : 'active', ...(atMicrosoft ? { atMicrosoft } : {}) },
      settled: !provisioning,
    };
  },
});
