import { z } from 'zod';
import { defineKind } from '../kind-definition.ts';
import { renewalWindow } from './renewal-window.ts';

/** A cancellation: `DELETE /subscriptions/{id}` (optional `cancelDate`), irreversible (WIRE-NOTES rule 4). */
export const cancelPayloadSchema = z.object({
  subscriptionId: z.string().min(1),
  companyId: z.string().min(1),
  companyName: z.string().optional(),
  productName: z.string().optional(),
  quantity: z.number().int().nonnegative().default(0),
  cancelDate: z.string().optional(),
  unitMonthlyCost: z.number().nonnegative().default(0),
});
export type CancelPayload = z.output<typeof cancelPayloadSchema>;

const cancelledStatuses = new Set(['pendingcancel', 'cancelled', 'canceled']);

export const cancelKind = defineKind<CancelPayload>({
  kind: 'cancel',
  payloadSchema: cancelPayloadSchema,
  monthlyCostDelta: (p) => -p.quantity * p.unitMonthlyCost,
  seats: (p) => p.quantity,
  company: (p) => ({ id: p.companyId, name: p.companyName }),
  describeWrite: (p) => ({ operation: `DELETE /subscriptions/${p.subscriptionId}`, body: p.cancelDate ? { cancelDate: p.cancelDate } : {} }),
  async execute(p, ctx) {
    const result = await ctx.pax8.subscriptions.cancel(p.subscriptionId, p.cancelDate ? { cancelDate: p.cancelDate } : {});
    return { pax8Ids: [p.subscriptionId], result: result ?? null };
  },
  async resolve(p, attempt, ctx) {
    const sub = await ctx.pax8.subscriptions.get(p.subscriptionId);
    const status = sub.status?.toLowerCase() ?? '';
    if (cancelledStatuses.has(status)) return { outcome: 'succeeded', pax8Ids: [p.subscriptionId], detail: `status is ${String(sub.status)}` };
    if (ctx.now.getTime() - attempt.sentAt.getTime() >= ctx.settleAfterMs) {
      return { outcome: 'failed', detail: `status is still ${String(sub.status)}: the cancellation was not applied` };
    }
    return { outcome: 'still_unknown', detail: `status is ${String(sub.status)}` };
  },
  async checkWindow(p, ctx) {
    return renewalWindow(await ctx.pax8.subscriptions.get(p.subscriptionId), ctx.now);
  },
  deferOnRefusal: () => true,
});
