import type { BillingTerm, Company, Product, ProvisioningDetail } from '../../pax8/index.ts';
import type { BuyPreview, DryRun } from '../../approvals/kinds/index.ts';
import type { View } from '../../views/view.ts';
import { type Plan, perMonth, rateFor, round2, termLabel, toCommitmentOption } from '../commitment-rules.ts';
import type { IntentOf } from '../intent-request.ts';
import { openApproval } from '../open-approval.ts';
import type { InAccount, IntentDeps } from '../ports.ts';
import { n } from '../view-helpers.ts';

export interface BuyFacts {
  readonly company: InAccount<Company>;
  readonly product: Product;
  readonly plan: Extract<Plan, { ok: true }>;
  readonly billingTerm: BillingTerm;
  readonly dryRun: DryRun;
  readonly details: readonly { key: string; values: string[] }[];
  readonly provisioning: readonly ProvisioningDetail[];
  /** The account's currency (from its subscriptions), so every amount says which it is. */
  readonly currency: string | null;
}

const times = (a: number | null, b: number): number | null => (a === null ? null : round2(a * b));

const billedWords: Readonly<Record<BillingTerm, string>> = {
  Monthly: 'billed monthly',
  Annual: 'billed annually',
  '2-Year': 'billed every 2 years',
  '3-Year': 'billed every 3 years',
  'One-Time': 'billed once',
  Trial: 'free trial',
  Activation: 'activation fee',
};

/** "billed annually", as a person says it. */
export function billedText(term: BillingTerm): string {
  return billedWords[term];
}

/** The approver's view of an order: unit and monthly figures, the whole term, the commitment's meaning. */
export function buyPreview(quantity: number, f: BuyFacts): BuyPreview {
  const rate = rateFor(f.plan.price, quantity);
  const unitCost = perMonth(rate.cost, f.billingTerm);
  const unitPrice = perMonth(rate.price, f.billingTerm);
  const monthlyCost = times(unitCost, quantity);
  const monthlyPrice = times(unitPrice, quantity);
  return {
    kind: 'buy',
    company: { id: f.company.id, name: f.company.name, status: n(f.company.status) },
    product: { id: f.product.id, name: f.product.name, vendorName: n(f.product.vendorName) },
    quantity,
    billingTerm: f.billingTerm,
    commitment: f.plan.commitment ? toCommitmentOption(f.plan.commitment) : null,
    currency: f.currency,
    unitCost,
    unitPrice,
    // As Pax8 bills it (224.40 a year), beside the monthly figure (18.70): only when not billed monthly.
    billedUnitCost: f.billingTerm === 'Monthly' ? null : rate.cost,
    billedUnitPrice: f.billingTerm === 'Monthly' ? null : rate.price,
    monthlyCost,
    monthlyPrice,
    termMonths: f.plan.termMonths,
    termCost: times(monthlyCost, f.plan.termMonths),
    termPrice: times(monthlyPrice, f.plan.termMonths),
    provisioning: f.details.map((d) => ({ key: d.key, label: f.provisioning.find((p) => p.key === d.key)?.label ?? d.key, values: d.values })),
    dryRun: f.dryRun,
  };
}

/** Opens the approval request for an order; the engine places it only after approval. */
export async function submitBuy(r: IntentOf<'buy'>, deps: IntentDeps, f: BuyFacts): Promise<View> {
  const preview = buyPreview(r.quantity, f);
  const term = `${f.plan.commitment ? `${termLabel(f.plan.commitment.term)} commitment` : 'no commitment'}, ${billedText(f.billingTerm)}`;
  return openApproval(r, deps, {
    kind: 'buy',
    account: f.company.account,
    payload: {
      companyId: f.company.id,
      companyName: f.company.name,
      productId: f.product.id,
      productName: f.product.name,
      quantity: r.quantity,
      billingTerm: f.billingTerm,
      ...(f.plan.commitment ? { commitmentTermId: f.plan.commitment.id } : {}),
      ...(f.details.length > 0 ? { provisioningDetails: f.details.map((d) => ({ key: d.key, values: [...d.values] })) } : {}),
      unitMonthlyCost: preview.unitCost ?? 0,
    },
    preview,
    summary: `Buy ${r.quantity} x ${f.product.name} for ${f.company.name} (${term})`,
    monthlyCostDelta: preview.monthlyCost ?? 0,
    atRenewal: false,
  });
}
