import type { CancelPreview } from '../../approvals/kinds/index.ts';
import { wireIds } from '../../wire-ids.ts';
import { perMonth, round2, termLabel } from '../commitment-rules.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { openApproval } from '../open-approval.ts';
import { isClosedSubscription } from '../../pax8/index.ts';
import { changeTiming, commitmentOf, resolveSubscription } from '../resolve-subscription.ts';
import { mayRequest } from '../../approvals/approval-policy.ts';
import { cancelKind } from '../../approvals/kinds/index.ts';
import { arg, commandLine, errorView, iso, n } from '../view-helpers.ts';
import { companyRefById } from './subscription-handlers.ts';
import { seats } from '../../views/format.ts';

const w = wireIds.commands;

/**
 * `cancel <subscription>`: whether early cancellation is allowed, whether a fee applies, when it
 * can happen, and that it cannot be undone (WIRE-NOTES rules 4 and 5). Opens a request; the
 * engine sends the `DELETE` only after approval.
 */
export const cancelHandler: Handler<IntentOf<'cancel'>> = {
  ack: () => 'Checking the subscription and its commitment...',
  async run(r, deps) {
    if (!mayRequest(deps.policy, r.actor.email, cancelKind)) return errorView('forbidden', 'You are not allowed to request cancellations; ask an admin to add you to the requesters.', null);
    const found = await resolveSubscription(r, r.names, deps, w.cancel, (...target) => commandLine(w.cancel, ...target.map(arg)));
    if (!found.ok) return found.view;
    const sub = found.value;
    const name = sub.productName ?? sub.id;
    if (isClosedSubscription(sub)) return errorView('refused', `${name} is already ${sub.status ?? 'cancelled'}.`, null);
    const commitment = await commitmentOf(deps, sub);
    const early = commitment ? n(commitment.allowForEarlyCancellation) : true;
    const committed = sub.commitment?.endDate !== undefined && sub.commitment.endDate !== null;
    // The commitment's rule decides: early cancellation allowed (perhaps with a fee) means now; else
    // the engine runs it inside the 7 days after the renewal, as Pax8 allows.
    const timing = !committed || early === true ? ({ mode: 'now' } as const) : changeTiming(sub, deps.clock.now(), `${termLabel(commitment?.term)} commitment: no cancellation after 7 days`);
    if (timing.mode === 'closed') return errorView('refused', `${name} cannot be cancelled: ${timing.reason}.`, null);
    const unitCost = perMonth(n(sub.partnerCost), sub.billingTerm);
    const quantity = sub.quantity ?? 0;
    const company = await companyRefById(deps, sub.companyId, sub.account);
    const notes = [
      ...(commitment?.cancellationFeeApplied ? [committed && early === true ? 'It is cancelled now, before the commitment ends: Pax8 charges its cancellation fee.' : 'Pax8 charges a cancellation fee for this commitment.'] : []),
      ...(timing.mode === 'atRenewal' ? [`It will be cancelled in the 7 days after the renewal on ${timing.renewsOn.slice(0, 10)}; until then it is billed as now.`] : []),
    ];
    const preview: CancelPreview = {
      kind: 'cancel',
      company,
      subscription: { id: sub.id, productName: name, quantity: n(sub.quantity), billingTerm: n(sub.billingTerm) },
      commitmentTerm: n(sub.commitment?.term),
      commitmentEndDate: iso(sub.commitment?.endDate),
      earlyCancellationAllowed: early,
      cancellationFeeApplied: commitment ? n(commitment.cancellationFeeApplied) : null,
      irreversible: true,
      timing,
      currency: n(sub.currencyCode),
      monthlyCostDelta: unitCost === null ? null : round2(-unitCost * quantity),
      notes,
    };
    return openApproval(r, deps, {
      kind: 'cancel',
      account: sub.account,
      payload: { subscriptionId: sub.id, companyId: sub.companyId ?? '', companyName: company?.name, productName: name, quantity, unitMonthlyCost: unitCost ?? 0 },
      preview,
      summary: `Cancel ${name} (${seats(quantity)})${company ? ` for ${company.name}` : ''}${timing.mode === 'atRenewal' ? ` at renewal on ${timing.renewsOn.slice(0, 10)}` : ''}`,
      monthlyCostDelta: preview.monthlyCostDelta ?? 0,
      atRenewal: timing.mode === 'atRenewal',
    });
  },
};
