import type { ApprovalPreview, BuyPreview, CancelPreview, SeatsPreview } from '../approvals/kinds/index.ts';
import type { ApprovalCard } from './approval-views.ts';
import { day, lines, money, orDash, signedMoney } from './text-format.ts';

/** Plain text of an approval card: what is asked, by whom, what it costs and what it means. */
export function renderApprovalCardText(card: ApprovalCard): string {
  const who = card.requester.displayName ?? card.requester.email ?? 'someone';
  return lines(
    `Approval request ${card.id} (${card.state}): ${card.summary}`,
    `Requested by ${who} on ${day(card.createdAt)}${card.expiresAt ? `; expires ${day(card.expiresAt)}` : ''}`,
    `Monthly cost change: ${signedMoney(card.monthlyCostDelta, card.currency)}`,
    card.preview ? renderPreviewText(card.preview) : null,
    card.decidedBy ? `Decided by ${card.decidedBy}${card.reason ? `: ${card.reason}` : ''}` : null,
    card.actions.length > 0 ? `Actions: ${card.actions.map((a) => a.label).join(', ')}` : null,
  );
}

/** Plain text of the facts an approver decides on. */
export function renderPreviewText(preview: ApprovalPreview): string {
  switch (preview.kind) {
    case 'buy':
      return buyText(preview);
    case 'seats':
      return seatsText(preview);
    case 'cancel':
      return cancelText(preview);
  }
}

function buyText(p: BuyPreview): string {
  return lines(
    `Buy ${p.quantity} x ${p.product.name} for ${p.company.name} (${orDash(p.company.status)}), ${p.billingTerm}`,
    `Unit: cost ${money(p.unitCost, p.currency)}, price ${money(p.unitPrice, p.currency)}`,
    `Monthly: cost ${money(p.monthlyCost, p.currency)}, price ${money(p.monthlyPrice, p.currency)}`,
    `Per term (${p.termMonths} months): cost ${money(p.termCost, p.currency)}, price ${money(p.termPrice, p.currency)}`,
    p.commitment ? `Commitment: ${p.commitment.meaning}` : 'No commitment.',
    ...p.provisioning.map((d) => `${d.label}: ${d.values.join(', ')}`),
    `Pax8 dry run: ${p.dryRun.verdict}${p.dryRun.messages.length > 0 ? ` (${p.dryRun.messages.join('; ')})` : ''}`,
  );
}

function seatsText(p: SeatsPreview): string {
  const when = p.timing.mode === 'now' ? 'now' : `at renewal on ${day(p.timing.renewsOn)} (window closes ${day(p.timing.windowCloses)}): ${p.timing.reason}`;
  return lines(
    `Seats on ${p.subscription.productName}${p.company ? ` for ${p.company.name}` : ''}: ${p.currentQuantity} -> ${p.newQuantity} (${p.change >= 0 ? '+' : ''}${p.change})`,
    `Unit: cost ${money(p.unitCost, p.currency)}, price ${money(p.unitPrice, p.currency)}`,
    `Monthly change: cost ${signedMoney(p.monthlyCostDelta, p.currency)}, price ${signedMoney(p.monthlyPriceDelta, p.currency)}`,
    `Takes effect: ${when}`,
  );
}

function cancelText(p: CancelPreview): string {
  const early = p.earlyCancellationAllowed === null ? 'unknown' : p.earlyCancellationAllowed ? 'allowed' : 'not allowed';
  return lines(
    `Cancel ${p.subscription.productName} (${orDash(p.subscription.quantity)} seats)${p.company ? ` for ${p.company.name}` : ''}`,
    `Commitment: ${orDash(p.commitmentTerm)}${p.commitmentEndDate ? ` ending ${day(p.commitmentEndDate)}` : ''}`,
    `Early cancellation: ${early}; cancellation fee: ${orDash(p.cancellationFeeApplied)}`,
    `Monthly change: ${signedMoney(p.monthlyCostDelta, p.currency)}`,
    p.timing.mode === 'now' ? 'Takes effect: now' : `Takes effect: at renewal on ${day(p.timing.renewsOn)} (window closes ${day(p.timing.windowCloses)})`,
    'This cannot be undone.',
    ...p.notes,
  );
}
