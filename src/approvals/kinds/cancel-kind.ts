import { z } from 'zod';
import { defineKind } from '../kind-definition.ts';
import type { Subscription } from '../../pax8/index.ts';
import { isClosedSubscription as isCancelled } from '../../pax8/schemas/subscription.ts';
import { type Pax8Port, subscriptionTimes } from '../pax8-port.ts';
import { cancelFacts, cancelPreviewSchema } from './cancel-preview.ts';
import { renewalWindow } from './renewal-window.ts';
import { attemptWindow, historyChanges, windowText, within } from './write-evidence.ts';
import { dateTime } from '../../views/format.ts';

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

const cancelEvidence = (subscriptionId: string): string => `cancel:${subscriptionId}`;

/** The rule of the subscription's commitment: may it be cancelled before the commitment ends? */
export async function earlyCancellation(pax8: Pax8Port, sub: Subscription): Promise<{ allowed: boolean; fee: boolean } | undefined> {
  if (subscriptionTimes(sub).commitmentEnd === undefined || !sub.productId) return undefined;
  const rules = (await pax8.products.dependencies(sub.productId)).commitmentDependencies;
  const rule = rules.find((r) => r.id && r.id === sub.commitment?.id) ?? (rules.length === 1 ? rules[0] : undefined);
  return rule ? { allowed: rule.allowForEarlyCancellation === true, fee: rule.cancellationFeeApplied === true } : undefined;
}

export const cancelKind = defineKind({
  kind: 'cancel',
  payloadSchema: cancelPayloadSchema,
  previewSchema: cancelPreviewSchema,
  previewFacts: cancelFacts,
  requestedBy: 'requester',
  monthlyCostDelta: (p) => -p.quantity * p.unitMonthlyCost,
  seats: (p) => p.quantity,
  company: (p) => ({ id: p.companyId, name: p.companyName }),
  target: (p) => `subscription:${p.subscriptionId}`,
  async plan(p, ctx) {
    const sub = await ctx.pax8.subscriptions.get(p.subscriptionId);
    if (isCancelled(sub)) return { action: 'stop', reason: `the subscription was already ${String(sub.status)} before this ran` };
    const body = p.cancelDate ? { cancelDate: p.cancelDate } : {};
    return { action: 'write', write: { operation: `DELETE /subscriptions/${p.subscriptionId}`, body, basis: { status: sub.status ?? null, quantity: sub.quantity ?? null }, summary: `cancelled (${String(sub.quantity ?? '?')} seats)` } };
  },
  async execute(p, _write, ctx) {
    await ctx.pax8.subscriptions.cancel(p.subscriptionId, p.cancelDate ? { cancelDate: p.cancelDate } : {});
    return { pax8Ids: [p.subscriptionId], evidence: cancelEvidence(p.subscriptionId), result: {} };
  },
  /** Cancelled inside the attempt (by the history) is ours; cancelled later by someone else is not. */
  async resolve(p, attempt, ctx) {
    const w = attemptWindow(attempt.sentAt, ctx.attemptEnd, ctx.skewMs);
    const change = historyChanges(await ctx.pax8.subscriptions.history(p.subscriptionId)).find((c) => isCancelled(c.after) && !isCancelled(c.before));
    if (change && within(w, change.at)) {
      return { outcome: 'succeeded', pax8Ids: [p.subscriptionId], evidence: cancelEvidence(p.subscriptionId), detail: `the subscription became ${String(change.after.status)} at ${dateTime(change.at.toISOString())}` };
    }
    if (change) return { outcome: 'failed', detail: `the subscription was cancelled at ${dateTime(change.at.toISOString())}, outside this attempt (between ${windowText(w)}): not by this request` };
    if (ctx.now.getTime() - ctx.attemptEnd.getTime() >= ctx.settleAfterMs) {
      return { outcome: 'failed', detail: 'the subscription history shows no cancellation: it was not applied' };
    }
    return { outcome: 'still_unknown', detail: 'no cancellation in the subscription history yet' };
  },
  /**
   * Now, when the commitment allows early cancellation (Pax8 may charge its fee) or none applies;
   * otherwise in the 7 days after the next term starts.
   */
  async checkWindow(p, ctx) {
    const sub = await ctx.pax8.subscriptions.get(p.subscriptionId);
    const early = await earlyCancellation(ctx.pax8, sub);
    if (early?.allowed) return { ready: true };
    return renewalWindow(sub, ctx.now);
  },
  deferOnRefusal: () => true,
});
