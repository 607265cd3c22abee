import { isClosedSubscription, type Subscription } from '../../pax8/index.ts';
import type { SeatsPreview } from '../../approvals/kinds/index.ts';
import type { View } from '../../views/view.ts';
import { wireIds } from '../../wire-ids.ts';
import { perMonth, round2, termLabel } from '../commitment-rules.ts';
import type { Handler } from '../handler.ts';
import { applyQuantityChange, quantityChangeText, seatsChangeText } from '../../approvals/kinds/seats-kind.ts';
import type { IntentOf, QuantityChange } from '../intent-request.ts';
import { openApproval } from '../open-approval.ts';
import { readSeatsAnswer, seatsFormView } from '../seats-form.ts';
import type { InAccount, IntentDeps } from '../ports.ts';
import { changeTiming, commitmentOf, resolveSubscription } from '../resolve-subscription.ts';
import { mayRequest } from '../../approvals/approval-policy.ts';
import { seatsKind } from '../../approvals/kinds/index.ts';
import { arg, commandLine, errorView, n } from '../view-helpers.ts';
import { companyRefById } from './subscription-handlers.ts';
import { seats } from '../../views/format.ts';
import { type KeepAssigned, keepAssignedSeats } from '../keep-assigned.ts';

const w = wireIds.commands;

/**
 * `seats <subscription> <+N|-N|N>`: current and new quantity and the cost delta; without a number,
 * the seats form (see `seats-form.ts`), whose answer comes back here as the new total. A decrease the
 * commitment blocks now is offered "at renewal on <date>" (the engine schedules it into the 7-day
 * window after the renewal, since Pax8 has no effective date).
 */
export const seatsHandler: Handler<IntentOf<'seats'>> = {
  ack: () => 'Checking the subscription and its commitment...',
  async run(r, deps) {
    if (!mayRequest(deps.policy, r.actor.email, seatsKind)) return errorView('forbidden', 'You are not allowed to request seat changes; ask an admin to add you to the requesters.', null);
    const typed = r.change === null ? null : r.change.mode === 'set' ? String(r.change.amount) : quantityChangeText(r.change);
    const rebuild = (...target: string[]) => commandLine(w.seats, ...target.map(arg), typed);
    const found = await resolveSubscription(r, r.names, deps, w.seats, rebuild);
    if (!found.ok) return found.view;
    const sub = found.value;
    const current = sub.quantity ?? 0;
    const name = sub.productName ?? sub.id;
    const change = r.change ?? (await fromForm(r, deps, sub));
    if (!('mode' in change)) return change;
    const target = applyQuantityChange(current, change);
    if (target < 1) return errorView('bad_input', `${name} has ${seats(current)}; removing ${change.amount} would leave ${target}. To end it, use "cancel".`, w.seats);
    if (target === current) return { kind: 'notice', tone: 'info', title: 'Nothing to change', message: `${name} already has ${seats(current)}.` };
    const keep = r.keepAssigned === true ? await keepAssignedSeats(deps, sub, current, target) : undefined;
    if (keep && !keep.ok) return keep.view;
    return previewSeats(r, change, deps, sub, current, target, keep?.value);
  },
};

/**
 * No number was typed: the form, asking for the new total (again, saying why, when the answer
 * could not be taken); else the total the form was answered with.
 */
async function fromForm(r: IntentOf<'seats'>, deps: IntentDeps, sub: InAccount<Subscription>): Promise<QuantityChange | View> {
  if (isClosedSubscription(sub)) return errorView('refused', `${sub.productName ?? sub.id} is ${sub.status ?? 'cancelled'}: its seats cannot change.`, null);
  const company = await companyRefById(deps, sub.companyId, sub.account);
  if (r.answer === null) return seatsFormView(r, sub, company);
  const read = readSeatsAnswer(r.answer, sub.quantity ?? 0);
  return read.ok ? { mode: 'set', amount: read.quantity } : seatsFormView(r, sub, company, { value: r.answer.slice(0, 100), problem: read.problem });
}

async function previewSeats(
  r: IntentOf<'seats'>,
  requested: QuantityChange,
  deps: IntentDeps,
  sub: InAccount<Subscription>,
  current: number,
  target: number,
  keepAssigned?: KeepAssigned,
): Promise<View> {
  const commitment = await commitmentOf(deps, sub);
  const name = sub.productName ?? sub.id;
  if (target > current && commitment?.allowForQuantityIncrease === false) return errorView('refused', `The ${termLabel(commitment.term)} commitment of ${name} does not allow adding seats.`, null);
  const decreaseBlocked = target < current && commitment !== undefined && commitment.allowForQuantityDecrease !== true;
  const timing = decreaseBlocked ? changeTiming(sub, deps.clock.now(), `${termLabel(commitment.term)} commitment: no reduction after 7 days`) : ({ mode: 'now' } as const);
  if (timing.mode === 'closed') return errorView('refused', `Seats of ${name} cannot be reduced: ${timing.reason}.`, null);
  const unitCost = perMonth(n(sub.partnerCost), sub.billingTerm);
  const unitPrice = perMonth(n(sub.price), sub.billingTerm);
  const change = target - current;
  const company = await companyRefById(deps, sub.companyId, sub.account);
  const preview: SeatsPreview = {
    kind: 'seats',
    company,
    subscription: { id: sub.id, productName: name, billingTerm: n(sub.billingTerm) },
    commitmentTerm: n(sub.commitment?.term),
    currentQuantity: current,
    newQuantity: target,
    change,
    currency: n(sub.currencyCode),
    unitCost,
    unitPrice,
    monthlyCostDelta: unitCost === null ? null : round2(unitCost * change),
    monthlyPriceDelta: unitPrice === null ? null : round2(unitPrice * change),
    timing,
    requestedChange: quantityChangeText(requested),
  };
  const when = timing.mode === 'now' ? '' : ` at renewal on ${timing.renewsOn.slice(0, 10)}`;
  return openApproval(r, deps, {
    kind: 'seats',
    account: sub.account,
    payload: {
      subscriptionId: sub.id,
      companyId: sub.companyId ?? '',
      companyName: company?.name,
      productName: name,
      change: requested,
      quotedQuantity: current,
      unitMonthlyCost: unitCost ?? 0,
      ...(keepAssigned ? { keepAssigned } : {}),
    },
    preview,
    summary: `${seatsChangeText(requested)} on ${name}${company ? ` for ${company.name}` : ''} (${current} → ${target} now)${when}`,
    monthlyCostDelta: preview.monthlyCostDelta ?? 0,
    atRenewal: timing.mode === 'atRenewal',
  });
}
