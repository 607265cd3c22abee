/**
 * What offboarding does with each of the leaver's licences, decided from what the tenant and Pax8
 * say now: a licence held directly is removed by the bot, one inherited from a group is not (only
 * the group can take it away); each removed licence's seat is released from one Pax8 subscription
 * of its SKU — now when the commitment allows a decrease today, else at the renewal — or kept for a
 * replacement. A seat is never released below what the tenant uses. Pure: the intent layer reads,
 * this decides, the card and the request record the result.
 */
import { z } from 'zod';
import type { Subscription } from '../../pax8/index.ts';
import { isoDateSchema } from '../../views/view-parts.ts';
import { changeTimingSchema, type ChangeTiming } from './change-timing.ts';

/** How the user holds a licence (`licenseAssignmentStates[].assignedByGroup`). */
export const assignmentSchema = z.enum(['direct', 'group', 'direct and group']);
export type Assignment = z.infer<typeof assignmentSchema>;

/** What happens to one licence's seat at Pax8. */
export const seatPlanSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('release'),
    subscriptionId: z.string().min(1),
    productName: z.string(),
    /** Seats of the subscription when asked; the release runs against what it has then. */
    quantity: z.number().int(),
    timing: changeTimingSchema,
    /** Partner cost per seat per month; null when Pax8 gave no price. */
    unitMonthlyCost: z.number().nullable(),
  }),
  z.object({ action: z.literal('keep'), subscriptionId: z.string().min(1), productName: z.string(), quantity: z.number().int(), reason: z.string() }),
  z.object({ action: z.literal('none'), reason: z.string() }),
]);
export type SeatPlan = z.infer<typeof seatPlanSchema>;

/** One licence of the leaver and what offboarding does with it. */
export const offboardLicenceSchema = z.object({
  skuId: z.string().min(1),
  name: z.string(),
  assignment: assignmentSchema,
  /** True when the bot removes it (held directly); a group-only licence is removed through the group. */
  remove: z.boolean(),
  seat: seatPlanSchema,
});
export type OffboardLicence = z.infer<typeof offboardLicenceSchema>;

/** A licence of the user as Graph shows it. */
export interface HeldLicence {
  readonly skuId: string;
  readonly name: string;
  readonly assignment: Assignment;
}

/** The tenant's seats of a SKU (`subscribedSkus`). */
export interface SkuSeats {
  readonly enabled: number;
  readonly consumed: number;
}

/** A Pax8 subscription of the SKU, read in full, with when a decrease could run and its cost per seat. */
export interface SeatSource {
  readonly subscription: Subscription;
  /** From the commitment's rules (`changeTiming`); `closed` when no window is left. */
  readonly timing: ChangeTiming | { readonly mode: 'closed'; readonly reason: string };
  readonly unitMonthlyCost: number | null;
}

/** What the technician chose in the form for a licence's seat. */
export type SeatChoice = 'release' | 'keep';

/**
 * The seat of one licence: released from the subscription that can shrink soonest (now first, then
 * the earliest renewal), kept when asked, or nothing when no Pax8 subscription can give it up.
 */
export function planSeat(licence: HeldLicence, removing: boolean, seats: SkuSeats | undefined, sources: readonly SeatSource[], choice: SeatChoice): SeatPlan {
  if (licence.assignment !== 'direct') return { action: 'none', reason: 'inherited from a group: remove the user from the group first, then release the seat' };
  if (!removing) return { action: 'none', reason: 'the licence stays assigned' };
  const usable = sources.filter((s) => (s.subscription.quantity ?? 0) > 1 && s.timing.mode !== 'closed');
  const best = [...usable].sort((a, b) => whenOf(a.timing) - whenOf(b.timing))[0];
  if (!best) {
    if (sources.length === 0) return { action: 'none', reason: 'no Pax8 subscription of this company sells it' };
    return { action: 'none', reason: 'no Pax8 subscription of it can give up a seat (one seat left, or no change window left: cancel it instead)' };
  }
  const sub = best.subscription;
  const base = { subscriptionId: sub.id, productName: sub.productName ?? sub.id, quantity: sub.quantity ?? 0 };
  if (choice === 'keep') return { action: 'keep', ...base, reason: 'kept for a replacement' };
  // After removing this licence the tenant uses one seat fewer; a release must leave at least that many enabled.
  if (seats && seats.enabled - 1 < seats.consumed - 1) {
    return { action: 'keep', ...base, reason: `the tenant uses ${seats.consumed} of ${seats.enabled} seats: releasing one would leave fewer seats than it uses` };
  }
  if (best.timing.mode === 'closed') throw new Error('unreachable: closed sources are filtered out');
  return { action: 'release', ...base, timing: best.timing, unitMonthlyCost: best.unitMonthlyCost };
}

const whenOf = (timing: SeatSource['timing']): number => (timing.mode === 'now' ? 0 : timing.mode === 'atRenewal' ? Date.parse(timing.renewsOn) : Number.POSITIVE_INFINITY);

/** Every licence with its plan; `choices` by skuId (absent = release). */
export function planLicences(input: {
  readonly licences: readonly HeldLicence[];
  readonly removeLicences: boolean;
  readonly seats: ReadonlyMap<string, SkuSeats>;
  readonly sources: ReadonlyMap<string, readonly SeatSource[]>;
  readonly choices: ReadonlyMap<string, SeatChoice>;
}): OffboardLicence[] {
  return input.licences.map((l) => {
    const key = l.skuId.toLowerCase();
    const remove = input.removeLicences && l.assignment === 'direct';
    return {
      skuId: l.skuId,
      name: l.name,
      assignment: l.assignment,
      remove,
      seat: planSeat(l, remove, input.seats.get(key), input.sources.get(key) ?? [], input.choices.get(key) ?? 'release'),
    };
  });
}

/** The monthly saving of the releases, in total and by the day it starts (null = now). */
export const savingSchema = z.object({
  monthly: z.number(),
  /** Releases whose cost is unknown: the saving is at least `monthly`. */
  unpriced: z.number().int(),
  steps: z.array(z.object({ from: isoDateSchema.nullable(), monthly: z.number() })),
});
export type Saving = z.infer<typeof savingSchema>;

export function savingOf(licences: readonly OffboardLicence[]): Saving {
  const byStart = new Map<string | null, number>();
  let unpriced = 0;
  for (const { seat } of licences) {
    if (seat.action !== 'release') continue;
    if (seat.unitMonthlyCost === null) {
      unpriced += 1;
      continue;
    }
    const from = seat.timing.mode === 'now' ? null : seat.timing.renewsOn;
    byStart.set(from, round2((byStart.get(from) ?? 0) + seat.unitMonthlyCost));
  }
  const steps = [...byStart].map(([from, monthly]) => ({ from, monthly })).sort((a, b) => (a.from === null ? -1 : b.from === null ? 1 : a.from.localeCompare(b.from)));
  return { monthly: round2(steps.reduce((sum, s) => sum + s.monthly, 0)), unpriced, steps };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
