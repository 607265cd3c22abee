import type { Subscription } from '../pax8/index.ts';
import type { CompanyRef } from '../views/view-parts.ts';
import type { SeatsFormView } from '../views/subscription-views.ts';
import { seats } from '../views/format.ts';
import { wireIds } from '../wire-ids.ts';
import type { IntentOf } from './intent-request.ts';
import { parseQuantity } from './parse-args.ts';
import { accountArgs, arg, commandLine, iso, n } from './view-helpers.ts';

/**
 * The seats form: `seats <subscription>` without a number (typed, or a list row's Seats button)
 * asks for the new total. One check of what was typed, for the intent layer and for Slack's modal
 * (which refuses in the modal itself and keeps it open), so both say the same.
 */

/** What the form takes: a whole number of seats, within what `seats` takes, different from today's. */
export function readSeatsAnswer(typed: string, current: number): { ok: true; quantity: number } | { ok: false; problem: string } {
  const text = typed.trim();
  if (text === '') return { ok: false, problem: 'Type the number of seats it should have.' };
  const quantity = parseQuantity({ text, quoted: false });
  if (!quantity.ok) {
    const below = /^-|^0+$/.test(text) ? ' (to end the subscription, use Cancel)' : '';
    return { ok: false, problem: `"${text.slice(0, 20)}" cannot be taken: ${quantity.message}${below}.` };
  }
  if (quantity.value === current) return { ok: false, problem: `It has ${seats(current)} now: type the number it should have.` };
  return { ok: true, quantity: quantity.value };
}

/** The form for one subscription; `answer` is a refused answer, shown again with why. */
export function seatsFormView(r: IntentOf<'seats'>, sub: Subscription, company: CompanyRef | null, answer?: { value: string; problem: string }): SeatsFormView {
  return {
    kind: 'seatsForm',
    company,
    subscription: {
      id: sub.id,
      productName: sub.productName ?? sub.id,
      quantity: Math.max(0, sub.quantity ?? 0),
      billingTerm: n(sub.billingTerm),
      commitmentTerm: n(sub.commitment?.term),
      commitmentEndDate: iso(sub.commitment?.endDate),
    },
    command: commandLine(wireIds.commands.seats, arg(sub.id), ...accountArgs(r)),
    verb: wireIds.cardVerbs.submitSeats,
    value: answer?.value ?? null,
    problem: answer?.problem ?? null,
  };
}
