import { buyOrder, type DryRun } from '../approvals/kinds/index.ts';
import { billingTerms, isLiveSubscription, type Subscription } from '../pax8/index.ts';
import type { DetailsFormView } from '../views/approval-views.ts';
import { choosePlan, perMonth, rateFor } from './commitment-rules.ts';
import { dryRunOrder } from './dry-run.ts';
import { provisioningField } from './handlers/product-handlers.ts';
import type { LicenceLine } from './licence-picture.ts';
import type { IntentDeps } from './ports.ts';
import { checkProvisioning, detailInput } from './provisioning.ts';
import { commitmentOf } from './resolve-subscription.ts';
import { n } from './view-helpers.ts';

/** The subscription that grows by one seat: monthly first, never one that is closed or whose commitment forbids adding seats. */
export interface SeatSource {
  readonly id: string;
  readonly productName: string;
  readonly billingTerm: string | null;
  readonly unitMonthlyCost: number;
  readonly currency: string | null;
}

/** A new order of one seat of the product that sells the SKU, as the `onboard` payload records it. */
export interface SeatOrder {
  readonly productId: string;
  readonly productName: string;
  readonly billingTerm: (typeof billingTerms)[number];
  readonly commitmentTermId?: string;
  readonly provisioningDetails?: { key: string; values: string[] }[];
  readonly unitMonthlyCost: number;
  readonly currency: string | null;
  readonly dryRun: DryRun;
}

type FormField = DetailsFormView['fields'][number];

/**
 * Where the seat comes from when none is free:
 * - `grow`: one more on a subscription of the SKU (monthly first; never a closed one, nor one whose
 *   commitment forbids adding seats);
 * - `order`: no subscription can grow, so a new order of one seat of the product those subscriptions
 *   are of, monthly when the product is sold so, with Pax8's dry-run verdict;
 * - `ask`: the new order needs provisioning details the bot does not know (asked in the form);
 * - `refused`: neither is possible, with why (for the licence field).
 */
export type SeatPlan =
  | { readonly kind: 'grow'; readonly source: SeatSource }
  | { readonly kind: 'order'; readonly order: SeatOrder }
  | { readonly kind: 'ask'; readonly fields: readonly FormField[] }
  | { readonly kind: 'refused'; readonly problem: string };

/**
 * Decides where the seat comes from. `answers` are the form's answers (provisioning details of a new
 * order among them); with a linked tenant, the bot answers Microsoft's "existing customer" and
 * "tenant id" questions itself.
 */
export async function planSeat(deps: IntentDeps, input: { account: string; companyId: string; tenantId: string | null; line: LicenceLine; answers: Readonly<Record<string, readonly string[]>> }): Promise<SeatPlan> {
  const pax8 = deps.pax8.get(input.account);
  const ordered = [...input.line.pax8].sort((a, b) => Number(b.billingTerm === 'Monthly') - Number(a.billingTerm === 'Monthly'));
  let seen: Subscription | undefined;
  for (const listed of ordered) {
    const sub = { ...(await pax8.subscriptions.get(listed.id)), account: input.account };
    seen ??= sub;
    if (!isLiveSubscription(sub)) continue;
    const commitment = await commitmentOf(deps, sub);
    if (commitment?.allowForQuantityIncrease === false) continue;
    return { kind: 'grow', source: { id: sub.id, productName: sub.productName ?? sub.id, billingTerm: n(sub.billingTerm), unitMonthlyCost: perMonth(n(sub.partnerCost), sub.billingTerm) ?? 0, currency: n(sub.currencyCode) } };
  }
  if (!seen?.productId) return { kind: 'refused', problem: `No seat of ${input.line.name} is free and the bot found no Pax8 product that sells it; buy one first, or choose another licence` };
  return planOrder(deps, input, seen.productId, n(seen.currencyCode));
}

async function planOrder(deps: IntentDeps, input: Parameters<typeof planSeat>[1], productId: string, currency: string | null): Promise<SeatPlan> {
  const pax8 = deps.pax8.get(input.account);
  const [product, dependencies, prices, provisioning] = await Promise.all([
    pax8.products.get(productId),
    pax8.products.dependencies(productId),
    pax8.products.pricing(productId, { companyId: input.companyId }),
    pax8.products.provisionDetails(productId),
  ]);
  // The term the policy prefers: monthly (it can grow and shrink at any time), else the product's own.
  const monthly = choosePlan('Monthly', dependencies.commitmentDependencies, prices);
  const plan = monthly.ok ? monthly : choosePlan(null, dependencies.commitmentDependencies, prices);
  const billingTerm = plan.ok ? billingTerms.find((t) => t === plan.billingTerm) : undefined;
  if (!plan.ok || !billingTerm) return { kind: 'refused', problem: `No seat of ${input.line.name} is free and ${product.name} cannot be ordered by the bot (${plan.ok ? `billing term ${plan.billingTerm}` : plan.message}); buy one first` };
  const known: Record<string, readonly string[]> = { ...input.answers };
  for (const d of provisioning) {
    if (input.tenantId && d.key === 'msCustExists') {
      const yes = (d.possibleValues ?? []).find((v) => /^yes\b/i.test(v));
      if (yes) known[d.key] = [yes];
    }
    if (input.tenantId && d.key === 'msTenantId') known[d.key] = [input.tenantId];
  }
  const details = checkProvisioning(provisioning, known);
  if (details.missing.length > 0) {
    return {
      kind: 'ask',
      fields: details.missing.map(({ detail, value, problem, appliesWhen }) => ({
        ...provisioningField(detail),
        appliesWhen,
        value,
        input: detailInput(detail),
        problem: problem !== 'missing' ? problem : detail.key in input.answers ? `${detail.label ?? detail.key} is needed for the new Pax8 order` : `Needed for the new Pax8 order of ${product.name}`,
        optional: false,
      })),
    };
  }
  const order = {
    productId,
    billingTerm,
    ...(plan.commitment ? { commitmentTermId: plan.commitment.id } : {}),
    ...(details.values.length > 0 ? { provisioningDetails: details.values.map((v) => ({ key: v.key, values: [...v.values] })) } : {}),
  };
  const dryRun = await dryRunOrder(deps, input.account, buyOrder({ companyId: input.companyId, quantity: 1, ...order }));
  if (!dryRun.ok && dryRun.messages.length > 0) return { kind: 'refused', problem: `No seat of ${input.line.name} is free, and Pax8 would refuse a new order of ${product.name}: ${dryRun.messages.join('; ')}` };
  const unitMonthlyCost = perMonth(rateFor(plan.price, 1).cost, billingTerm) ?? 0;
  return { kind: 'order', order: { ...order, productName: product.name, unitMonthlyCost, currency, dryRun } };
}
