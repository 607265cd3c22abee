import { z } from 'zod';
import { defineKind, type KindContext } from '../kind-definition.ts';
import { parsePax8Date } from '../../pax8/schemas/common.ts';
import { isClosedSubscription } from '../../pax8/schemas/subscription.ts';
import { renewalWindow } from './renewal-window.ts';
import { seatsFacts, seatsPreviewSchema } from './seats-preview.ts';
import { attemptWindow, historyChanges, historyEvidence, windowText, within } from './write-evidence.ts';
import { seats } from '../../views/format.ts';
import { dateTime } from '../../views/format.ts';

/**
 * What the requester asked: add or remove N seats, or set the total to N ("to N" only when they
 * typed a bare number). The change is what is approved and executed, against the quantity Pax8
 * has when it runs, so two approved `+1`s make two seats and a decrease scheduled for the renewal
 * still removes one seat after other changes ran.
 */
export const quantityChangeSchema = z.object({ mode: z.enum(['add', 'remove', 'set']), amount: z.number().int().nonnegative() });
export type QuantityChange = z.infer<typeof quantityChangeSchema>;

/** The total a change makes of `current`. */
export function applyQuantityChange(current: number, change: QuantityChange): number {
  if (change.mode === 'set') return change.amount;
  return change.mode === 'add' ? current + change.amount : current - change.amount;
}

/** "+3", "-1" or "to 10", as the card and the summary say it. */
export function quantityChangeText(change: QuantityChange): string {
  if (change.mode === 'set') return `to ${change.amount}`;
  return `${change.mode === 'add' ? '+' : '-'}${change.amount}`;
}

/** The change with its noun, plural right: "+1 seat", "-3 seats", "to 1 seat". */
export function seatsChangeText(change: QuantityChange): string {
  return `${quantityChangeText(change)} ${change.amount === 1 ? 'seat' : 'seats'}`;
}

/** Rows written before changes were recorded held the total the request was typed against: read as the change it showed. */
function fromLegacy(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || 'change' in raw) return raw;
  const { fromQuantity, toQuantity, ...rest } = raw as Record<string, unknown>;
  if (typeof fromQuantity !== 'number' || typeof toQuantity !== 'number') return raw;
  const diff = toQuantity - fromQuantity;
  return { ...rest, quotedQuantity: fromQuantity, change: { mode: diff >= 0 ? 'add' : 'remove', amount: Math.abs(diff) } };
}

/** A seat change: `PUT /subscriptions/{id}` with `{"quantity": N}` only, N the new total (WIRE-NOTES rule 3). */
export const seatsPayloadSchema = z.preprocess(
  fromLegacy,
  z.object({
    subscriptionId: z.string().min(1),
    companyId: z.string().min(1),
    companyName: z.string().optional(),
    productName: z.string().optional(),
    change: quantityChangeSchema,
    /** Seats when the request was opened: for the card and the cost estimate only, never executed. */
    quotedQuantity: z.number().int().nonnegative(),
    /** Partner cost per seat per month, from pricing; 0 when unknown. */
    unitMonthlyCost: z.number().nonnegative().default(0),
    /**
     * A reduction that must keep every licence the tenant assigns (`unused reduce`, a seat released
     * by offboarding): when it runs — maybe weeks later, in the renewal window — the tenant's seats of
     * this SKU are read again and it stops rather than take licences from people.
     */
    keepAssigned: z.object({ tenantId: z.string().min(1), skuId: z.string().min(1) }).optional(),
  }),
);
export type SeatsPayload = z.output<typeof seatsPayloadSchema>;

/** What a seat change read before it wrote. */
const seatsBasisSchema = z.object({ fromQuantity: z.number(), toQuantity: z.number() });


/** The history entry a seat change's answer names (its `updatedDate`), when Pax8 gave one. */
function evidenceOf(subscriptionId: string, updatedDate: string | null | undefined, quantity: number): { evidence?: string } {
  const at = parsePax8Date(updatedDate);
  return at ? { evidence: historyEvidence(subscriptionId, at, quantity) } : {};
}
/**
 * Why removing `removing` seats would take licences from people, read from the tenant now; undefined
 * when the seats left still cover every assigned licence.
 */
async function keepsAssigned(keep: { tenantId: string; skuId: string }, removing: number, target: number, ctx: KindContext): Promise<string | undefined> {
  if (!ctx.tenants) return 'the bot cannot read the tenant now to check the seats in use, so nothing was reduced';
  const now = await ctx.tenants.seatsOf(keep.tenantId, keep.skuId);
  if (!now) return 'the tenant no longer shows this licence, so the seats in use cannot be checked';
  if (now.enabled - removing >= now.consumed) return undefined;
  return `the tenant now assigns ${seats(now.consumed)} of ${now.enabled}: going to ${target} would take licences from people`;
}

const quotedDelta = (p: SeatsPayload): number => applyQuantityChange(p.quotedQuantity, p.change) - p.quotedQuantity;

export const seatsKind = defineKind({
  kind: 'seats',
  payloadSchema: seatsPayloadSchema,
  previewSchema: seatsPreviewSchema,
  previewFacts: seatsFacts,
  requestedBy: 'requester',
  monthlyCostDelta: (p) => quotedDelta(p) * p.unitMonthlyCost,
  seats: (p) => Math.abs(quotedDelta(p)),
  company: (p) => ({ id: p.companyId, name: p.companyName }),
  target: (p) => `subscription:${p.subscriptionId}`,
  async plan(p, ctx) {
    const sub = await ctx.pax8.subscriptions.get(p.subscriptionId);
    if (isClosedSubscription(sub)) return { action: 'stop', reason: `the subscription is ${String(sub.status)} now` };
    const current = sub.quantity ?? 0;
    const target = applyQuantityChange(current, p.change);
    if (target < 1) return { action: 'stop', reason: `it has ${current} seat(s) now, fewer than the ${p.change.amount} to remove (to end it, cancel it)` };
    if (target === current) return { action: 'done', summary: `it already has ${seats(current)}; nothing was sent` };
    if (p.keepAssigned && target < current) {
      const kept = await keepsAssigned(p.keepAssigned, current - target, target, ctx);
      if (kept) return { action: 'stop', reason: kept };
    }
    return {
      action: 'write',
      write: { operation: `PUT /subscriptions/${p.subscriptionId}`, body: { quantity: target }, basis: { fromQuantity: current, toQuantity: target }, summary: `${current} → ${target} seats` },
    };
  },
  async execute(p, write, ctx) {
    const { toQuantity } = seatsBasisSchema.parse(write.basis);
    const sub = await ctx.pax8.subscriptions.updateQuantity(p.subscriptionId, toQuantity);
    return {
      pax8Ids: [p.subscriptionId],
      result: { quantity: sub.quantity ?? toQuantity },
      ...evidenceOf(p.subscriptionId, sub.updatedDate, sub.quantity ?? toQuantity),
    };
  },
  /**
   * Looks in the subscription's history for the change this attempt made: an entry dated inside
   * the attempt that turned some other quantity into the one sent, and that no other attempt holds.
   * Today's quantity proves nothing: other changes may have run since.
   */
  async resolve(p, attempt, ctx) {
    const basis = seatsBasisSchema.safeParse(attempt.basis);
    const sent = z.object({ quantity: z.number() }).safeParse(attempt.sent);
    const to = basis.success ? basis.data.toQuantity : sent.success ? sent.data.quantity : undefined;
    if (to === undefined) return { outcome: 'still_unknown', detail: 'the attempt did not record the quantity it sent; check the subscription history in Pax8' };
    const w = attemptWindow(attempt.sentAt, ctx.attemptEnd, ctx.skewMs);
    const inside = historyChanges(await ctx.pax8.subscriptions.history(p.subscriptionId)).filter((c) => within(w, c.at) && c.after.quantity === to && c.before?.quantity !== to);
    const claimed = await ctx.claimed(inside.map((c) => historyEvidence(p.subscriptionId, c.at, to)));
    const changes = inside.filter((c) => !claimed.has(historyEvidence(p.subscriptionId, c.at, to)));
    const fromRead = basis.success ? changes.filter((c) => c.before?.quantity === basis.data.fromQuantity) : [];
    const found = changes.length === 1 ? changes[0] : fromRead.length === 1 ? fromRead[0] : undefined;
    if (found) {
      return {
        outcome: 'succeeded',
        pax8Ids: [p.subscriptionId],
        evidence: historyEvidence(p.subscriptionId, found.at, to),
        detail: `the subscription history shows ${String(found.before?.quantity ?? '?')} → ${to} seats at ${dateTime(found.at.toISOString())}`,
      };
    }
    if (changes.length > 1) {
      return { outcome: 'still_unknown', detail: `the subscription history shows ${changes.length} changes to ${to} seats between ${windowText(w)}; check in Pax8 whether one came from this request` };
    }
    if (ctx.now.getTime() - ctx.attemptEnd.getTime() >= ctx.settleAfterMs) {
      return { outcome: 'failed', detail: `the subscription history has no change to ${to} seats between ${windowText(w)}: the change was not applied` };
    }
    return { outcome: 'still_unknown', detail: `no change to ${to} seats in the subscription history yet` };
  },
  async checkWindow(p, ctx) {
    const sub = await ctx.pax8.subscriptions.get(p.subscriptionId);
    if (applyQuantityChange(sub.quantity ?? 0, p.change) >= (sub.quantity ?? 0)) return { ready: true };
    return renewalWindow(sub, ctx.now);
  },
  deferOnRefusal: (p) => quotedDelta(p) < 0,
});
