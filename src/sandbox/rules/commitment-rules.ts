import type { CommitmentOption, Product, Subscription } from '../model.ts';
import { FlatErrors } from '../http/api-error.ts';
import { HOUR_MS } from '../wire-dates.ts';

/** Microsoft NCE: reductions and cancellation only within 168 hours of purchase or renewal. */
export const CHANGE_WINDOW_MS = 168 * HOUR_MS;

export function commitmentOf(sub: Subscription, product: Product | undefined): CommitmentOption | undefined {
  return product?.commitments.find((c) => c.id === sub.commitmentId);
}

/** True while the current term (purchase or renewal) is less than 7 days old. */
export function withinChangeWindow(sub: Subscription, now: number): boolean {
  return now >= sub.state.startAt && now - sub.state.startAt <= CHANGE_WINDOW_MS;
}

/**
 * Refuses what the commitment forbids mid-term, in the flat `{"errors": [...]}` shape Pax8 uses for
 * these refusals: seat decreases, term changes and (via `assertMayCancel`) early cancellation.
 */
export function assertMayChange(sub: Subscription, product: Product | undefined, change: { quantity?: number | undefined; billingTerm?: string | undefined }, now: number): void {
  const commitment = commitmentOf(sub, product);
  if (!commitment) return;
  const inWindow = withinChangeWindow(sub, now);
  const errors: string[] = [];
  if (change.quantity !== undefined && change.quantity < sub.state.quantity && !commitment.allowForQuantityDecrease && !inWindow) {
    errors.push(`Quantity cannot be decreased during the ${commitment.term} commitment term; decreases are only allowed within 7 days (168 hours) of the term start`);
  }
  if (change.quantity !== undefined && change.quantity > sub.state.quantity && !commitment.allowForQuantityIncrease) {
    errors.push(`Quantity cannot be increased during the ${commitment.term} commitment term`);
  }
  if (change.billingTerm !== undefined && change.billingTerm !== sub.state.billingTerm && !inWindow) {
    errors.push(`Billing term cannot be changed during the ${commitment.term} commitment term`);
  }
  if (errors.length > 0) throw new FlatErrors(422, errors);
}

export function assertMayCancel(sub: Subscription, product: Product | undefined, now: number): void {
  const commitment = commitmentOf(sub, product);
  if (!commitment || commitment.allowForEarlyCancellation || withinChangeWindow(sub, now)) return;
  throw new FlatErrors(422, [`Subscription cannot be cancelled before the end of its ${commitment.term} commitment term; cancellation is only allowed within 7 days (168 hours) of the term start`]);
}
