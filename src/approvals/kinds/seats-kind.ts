import { z } from 'zod';
import { defineKind } from '../kind-definition.ts';
import { renewalWindow } from './renewal-window.ts';

/** A seat change: `PUT /subscriptions/{id}` with `{"quantity": N}` only, N the new total (WIRE-NOTES rule 3). */
export const seatsPayloadSchema = z.object({
  subscriptionId: z.string().min(1),
  companyId: z.string().min(1),
  companyName: z.string().optional(),
  productName: z.string().optional(),
  fromQuantity: z.number().int().nonnegative(),
  toQuantity: z.number().int().nonnegative(),
  /** Partner cost per seat per month, from pricing; 0 when unknown. */
  unitMonthlyCost: z.number().nonnegative().default(0),
});
export type SeatsPayload = z.output<typeof seatsPayloadSchema>;

export const seatsKind = defineKind<SeatsPayload>({
  kind: 'seats',
  payloadSchema: seatsPayloadSchema,
  monthlyCostDelta: (p) => (p.toQuantity - p.fromQuantity) * p.unitMonthlyCost,
  seats: (p) => Math.abs(p.toQuantity - p.fromQuantity),
  company: (p) => ({ id: p.companyId, name: p.companyName }),
  describeWrite: (p) => ({ operation: `PUT /subscriptions/${p.subscriptionId}`, body: { quantity: p.toQuantity } }),
  async execute(p, ctx) {
    const result = await ctx.pax8.subscriptions.updateQuantity(p.subscriptionId, p.toQuantity);
    return { pax8Ids: [p.subscriptionId], result };
  },
  async resolve(p, attempt, ctx) {
    const sub = await ctx.pax8.subscriptions.get(p.subscriptionId);
    if (sub.quantity === p.toQuantity) return { outcome: 'succeeded', pax8Ids: [p.subscriptionId], detail: `quantity is ${p.toQuantity}` };
    if (ctx.now.getTime() - attempt.sentAt.getTime() >= ctx.settleAfterMs) {
      return { outcome: 'failed', detail: `quantity is still ${String(sub.quantity)}, not ${p.toQuantity}: the change was not applied` };
    }
    return { outcome: 'still_unknown', detail: `quantity is ${String(sub.quantity)}; waiting for ${p.toQuantity}` };
  },
  async checkWindow(p, ctx) {
    if (p.toQuantity >= p.fromQuantity) return { ready: true };
    return renewalWindow(await ctx.pax8.subscriptions.get(p.subscriptionId), ctx.now);
  },
  deferOnRefusal: (p) => p.toQuantity < p.fromQuantity,
});
