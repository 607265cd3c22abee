/**
 * The facts an approver decides on, per request kind: what changes, what it costs per unit, per
 * month and per term, what the commitment allows, and what the Pax8 dry run said.
 */
import type { ApprovalPreview, BuyPreview, CancelPreview, SeatTiming, SeatsPreview } from '../../views/index.ts';
import { type FactData, count, day, money, moneyDelta, text, yesNo } from './format.ts';

/** Facts, the commitment in words, the dry-run verdict and warnings for one preview. */
export interface PreviewData {
  facts: FactData[];
  commitment: string;
  dryRun: { ok: boolean; text: string } | null;
  warnings: string[];
}

export function previewData(preview: ApprovalPreview): PreviewData {
  switch (preview.kind) {
    case 'buy':
      return buyData(preview);
    case 'seats':
      return seatsData(preview);
    case 'cancel':
      return cancelData(preview);
  }
}

function buyData(p: BuyPreview): PreviewData {
  const c = p.currency;
  return {
    facts: [
      { title: 'Company', value: `${p.company.name}${p.company.status ? ` (${p.company.status})` : ''}` },
      { title: 'Product', value: p.product.vendorName ? `${p.product.name} · ${p.product.vendorName}` : p.product.name },
      { title: 'Quantity', value: `0 → ${count(p.quantity)}` },
      { title: 'Billing term', value: p.billingTerm },
      { title: 'Unit cost / price', value: `${money(p.unitCost, c)} / ${money(p.unitPrice, c)}` },
      { title: 'Monthly cost / price', value: `${moneyDelta(p.monthlyCost, c)} / ${moneyDelta(p.monthlyPrice, c)}` },
      { title: `Per term (${p.termMonths} mo) cost / price`, value: `${moneyDelta(p.termCost, c)} / ${moneyDelta(p.termPrice, c)}` },
      ...p.provisioning.map((d) => ({ title: d.label, value: d.values.join(', ') || '—' })),
    ],
    commitment: p.commitment ? `${text(p.commitment.term)}: ${p.commitment.meaning}` : 'none: seats can be changed or cancelled at any time.',
    dryRun: { ok: p.dryRun.ok, text: p.dryRun.verdict },
    warnings: p.dryRun.messages,
  };
}

function timingText(timing: SeatTiming): string {
  return timing.mode === 'now' ? 'Now' : `At renewal on ${day(timing.renewsOn)} (window closes ${day(timing.windowCloses)})`;
}

function seatsData(p: SeatsPreview): PreviewData {
  const c = p.currency;
  const sign = p.change > 0 ? '+' : '';
  const timing = timingText(p.timing);
  return {
    facts: [
      { title: 'Company', value: text(p.company?.name) },
      { title: 'Subscription', value: p.subscription.productName },
      { title: 'Change', value: `${p.requestedChange ?? `${sign}${p.change}`} seats, applied to the quantity Pax8 has when it runs` },
      { title: 'When asked', value: `${count(p.currentQuantity)} → ${count(p.newQuantity)}` },
      { title: 'Billing term', value: text(p.subscription.billingTerm) },
      { title: 'Unit cost / price', value: `${money(p.unitCost, c)} / ${money(p.unitPrice, c)}` },
      { title: 'Monthly cost / price', value: `${moneyDelta(p.monthlyCostDelta, c)} / ${moneyDelta(p.monthlyPriceDelta, c)}` },
      { title: 'Takes effect', value: timing },
    ],
    commitment: p.commitmentTerm ?? 'none recorded for this subscription',
    dryRun: null,
    warnings: p.timing.mode === 'atRenewal' ? [p.timing.reason] : [],
  };
}

function cancelData(p: CancelPreview): PreviewData {
  return {
    facts: [
      { title: 'Company', value: text(p.company?.name) },
      { title: 'Subscription', value: p.subscription.productName },
      { title: 'Quantity', value: `${count(p.subscription.quantity)} → 0` },
      { title: 'Billing term', value: text(p.subscription.billingTerm) },
      { title: 'Monthly cost', value: moneyDelta(p.monthlyCostDelta, p.currency) },
      { title: 'Early cancellation allowed', value: yesNo(p.earlyCancellationAllowed) },
      { title: 'Cancellation fee', value: yesNo(p.cancellationFeeApplied) },
      { title: 'Takes effect', value: timingText(p.timing) },
    ],
    commitment: `${text(p.commitmentTerm)}${p.commitmentEndDate ? `, ends ${day(p.commitmentEndDate)}` : ''}`,
    dryRun: null,
    warnings: ['Cancelling cannot be undone.', ...(p.timing.mode === 'atRenewal' ? [p.timing.reason] : []), ...p.notes],
  };
}
