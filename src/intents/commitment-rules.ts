import type { Commitment, Pricing } from '../pax8/index.ts';
import type { CommitmentOption } from '../views/product-views.ts';
import type { TermWord } from './intent-request.ts';
import { n } from './view-helpers.ts';

/** Microsoft allows reductions and cancellation within 168 hours of purchase or renewal (WIRE-NOTES rule 5). */
export const changeWindowDays = 7;

/** Months in a term as Pax8 spells it (`Monthly`, `1-Year`, `Annual`, `3 Year`, `P3Y`); undefined for one-off terms. */
export function termMonths(term: string | null | undefined): number | undefined {
  const t = (term ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (t === 'monthly' || t === 'month' || t === 'p1m' || t === '1month') return 1;
  if (t === 'annual' || t === 'annually' || t === 'yearly' || t === '1year' || t === 'p1y') return 12;
  const years = /^p?(\d)y(?:ear)?s?$/.exec(t);
  return years ? Number(years[1]) * 12 : undefined;
}

/** `1-Year` → `annual`, `3-Year` → `3-year`, `Monthly` → `monthly`. */
export function termLabel(term: string | null | undefined): string {
  const months = termMonths(term);
  if (months === 1) return 'monthly';
  if (months === 12) return 'annual';
  if (months !== undefined) return `${months / 12}-year`;
  return (term ?? 'no term').toLowerCase();
}

/** What a commitment means for the customer, in words, e.g. "no reduction after 7 days" (its term is shown beside it). */
export function commitmentMeaning(c: Commitment): string {
  const parts: string[] = [];
  if (c.allowForQuantityIncrease === false) parts.push('no seat increase');
  if (c.allowForQuantityDecrease === false) parts.push(`no reduction after ${changeWindowDays} days`);
  else if (c.allowForQuantityDecrease === true) parts.push('seats can be reduced at any time');
  if (c.allowForEarlyCancellation === false) parts.push(`no cancellation after ${changeWindowDays} days`);
  else if (c.allowForEarlyCancellation === true) parts.push('can be cancelled early');
  if (c.cancellationFeeApplied === true) parts.push('a cancellation fee applies');
  if (c.autoRenew === true) parts.push('renews automatically');
  return parts.length > 0 ? parts.join('; ') : 'no restrictions stated';
}

export function toCommitmentOption(c: Commitment): CommitmentOption {
  return {
    id: c.id,
    term: n(c.term),
    allowQuantityIncrease: n(c.allowForQuantityIncrease),
    allowQuantityDecrease: n(c.allowForQuantityDecrease),
    allowEarlyCancellation: n(c.allowForEarlyCancellation),
    cancellationFeeApplied: n(c.cancellationFeeApplied),
    meaning: commitmentMeaning(c),
  };
}

/** The plan a `buy` will order: commitment (if the product has them), billing term and the price row. */
export type Plan =
  | { readonly ok: true; readonly commitment: Commitment | null; readonly billingTerm: string; readonly price: Pricing | null; readonly termMonths: number }
  | { readonly ok: false; readonly message: string };

/**
 * Picks the commitment from the product's dependencies and the billing term from its price list.
 * Without a term asked for: the only option, else the monthly one (the most flexible). `annual`
 * means a 1-year commitment, billed annually when such a price exists.
 */
export function choosePlan(term: TermWord | null, commitments: readonly Commitment[], prices: readonly Pricing[]): Plan {
  const wanted = term === null ? undefined : termMonths(term);
  if (commitments.length > 0) {
    const commitment =
      wanted === undefined ? (commitments.length === 1 ? commitments[0] : commitments.find((c) => termMonths(c.term) === 1)) : commitments.find((c) => termMonths(c.term) === wanted);
    if (!commitment) {
      const offered = commitments.map((c) => termLabel(c.term)).join(', ');
      return { ok: false, message: term === null ? `choose a term: ${offered}` : `this product has no ${term.toLowerCase()} term; it offers ${offered}` };
    }
    const rows = prices.filter((p) => termMonths(p.commitmentTerm) === termMonths(commitment.term));
    const price = rows.find((p) => term !== null && p.billingTerm === term) ?? rows.find((p) => p.billingTerm === 'Monthly') ?? rows[0] ?? null;
    return { ok: true, commitment, billingTerm: price?.billingTerm ?? 'Monthly', price, termMonths: termMonths(commitment.term) ?? 1 };
  }
  const billingTerm = term ?? prices[0]?.billingTerm ?? 'Monthly';
  const price = prices.find((p) => p.billingTerm === billingTerm) ?? null;
  if (price === null && prices.length > 0) {
    return { ok: false, message: `this product is not sold ${billingTerm.toLowerCase()}; it is sold ${[...new Set(prices.map((p) => p.billingTerm))].join(', ')}` };
  }
  return { ok: true, commitment: null, billingTerm, price, termMonths: termMonths(billingTerm) ?? 1 };
}

/** The rate tier that applies to `quantity`; rates are per unit per billing period. */
export function rateFor(price: Pricing | null, quantity: number): { cost: number | null; price: number | null } {
  const rates = price?.rates ?? [];
  const tier = rates.find((r) => (r.startQuantityRange ?? 1) <= quantity && (r.endQuantityRange ?? Infinity) >= quantity) ?? rates[0];
  return { cost: n(tier?.partnerBuyRate), price: n(tier?.suggestedRetailPrice) };
}

/** A per-billing-period amount as a monthly figure (annual billing / 12). */
export function perMonth(amount: number | null, billingTerm: string | null | undefined): number | null {
  if (amount === null) return null;
  return round2(amount / (termMonths(billingTerm) ?? 1));
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
