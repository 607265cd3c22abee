import { z } from 'zod';
import { defineKind } from '../kind-definition.ts';
import type { OrderInput, PortOrder } from '../pax8-port.ts';

/** A new order: one line item (WIRE-NOTES rule 8); `commitmentTermId` when the product requires one. */
export const buyPayloadSchema = z.object({
  companyId: z.string().min(1),
  companyName: z.string().optional(),
  productId: z.string().min(1),
  productName: z.string().optional(),
  quantity: z.number().int().positive(),
  billingTerm: z.string().min(1),
  commitmentTermId: z.string().optional(),
  provisioningDetails: z.array(z.object({ key: z.string(), values: z.array(z.string()) })).optional(),
  unitMonthlyCost: z.number().nonnegative().default(0),
});
export type BuyPayload = z.output<typeof buyPayloadSchema>;

function orderFor(p: BuyPayload): OrderInput {
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

const idsOf = (order: PortOrder): string[] => [order.id, ...order.lineItems.flatMap((l) => (l.subscriptionId ? [l.subscriptionId] : []))];
/** Order dates may be date-only or carry a -0600 offset: accept anything from the day before the attempt. */
const dateSlackMs = 86_400_000;

export const buyKind = defineKind<BuyPayload>({
  kind: 'buy',
  payloadSchema: buyPayloadSchema,
  monthlyCostDelta: (p) => p.quantity * p.unitMonthlyCost,
  seats: (p) => p.quantity,
  company: (p) => ({ id: p.companyId, name: p.companyName }),
  describeWrite: (p) => ({ operation: 'POST /orders', body: orderFor(p) }),
  async execute(p, ctx) {
    const order = await ctx.pax8.orders.create(orderFor(p), { isMock: false });
    return { pax8Ids: idsOf(order), result: { orderId: order.id } };
  },
  /** An order of this company, created since the attempt, with this product and quantity, not credited to another request. */
  async resolve(p, attempt, ctx) {
    const since = attempt.sentAt.getTime() - dateSlackMs;
    for await (const order of ctx.pax8.orders.list({ companyId: p.companyId })) {
      if (ctx.claimedIds.has(order.id)) continue;
      if (order.createdDate && order.createdDate.getTime() < since) continue;
      if (order.lineItems.some((l) => l.productId === p.productId && l.quantity === p.quantity)) {
        return { outcome: 'succeeded', pax8Ids: idsOf(order), detail: `found order ${order.id}` };
      }
    }
    if (ctx.now.getTime() - attempt.sentAt.getTime() >= ctx.settleAfterMs) {
      return { outcome: 'failed', detail: 'no matching order was found: the order was not placed' };
    }
    return { outcome: 'still_unknown', detail: 'no matching order yet' };
  },
});
