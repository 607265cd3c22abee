import type { CommitmentOption, CommitmentTerm, PriceOption, Product } from '../model.ts';
import { cents, type Prng } from '../prng.ts';
import { microsoftCatalog } from './catalog-microsoft.ts';
import type { ProductSpec } from './product-spec.ts';
import { vendorCatalog } from './catalog-vendors.ts';

function commitment(prng: Prng, term: CommitmentTerm, rules: Partial<Pick<CommitmentOption, 'allowForEarlyCancellation' | 'cancellationFeeApplied'>> = {}): CommitmentOption {
  const months = term === 'Monthly' ? 1 : term === '1-Year' ? 12 : 36;
  return {
    id: prng.uuid(),
    term,
    months,
    billingTerms: term === 'Monthly' ? ['Monthly'] : term === '1-Year' ? ['Monthly', 'Annual'] : ['Annual'],
    autoRenew: true,
    renewalWindowDaysBeforeTermEnd: term === 'Monthly' ? 0 : 30,
    // Microsoft allows reductions and cancellation within 168 hours of purchase or renewal.
    renewalWindowDaysAfterTermEnd: 7,
    allowForQuantityIncrease: true,
    allowForQuantityDecrease: false,
    allowForEarlyCancellation: false,
    cancellationFeeApplied: term !== 'Monthly',
    isTransferable: true,
    ...rules,
  };
}

function price(spec: ProductSpec, billingTerm: PriceOption['billingTerm'], factor: number, commitmentTerm?: CommitmentTerm): PriceOption {
  return {
    billingTerm,
    ...(commitmentTerm ? { commitmentTerm } : {}),
    partnerBuyRate: cents(spec.cost * factor),
    suggestedRetailPrice: cents(spec.price * factor),
    ...(spec.volumeTiers ? { tiers: [{ from: 50, factor: 0.9 }, { from: 250, factor: 0.8 }] } : {}),
  };
}

function pricesFor(spec: ProductSpec): PriceOption[] {
  switch (spec.plan) {
    case 'nce':
    case 'nce-3y': {
      const list = [price(spec, 'Monthly', 1.2, 'Monthly'), price(spec, 'Monthly', 1, '1-Year'), price(spec, 'Annual', 12, '1-Year')];
      if (spec.plan === 'nce-3y') list.push(price(spec, 'Annual', 12 * 0.95, '3-Year'));
      if (spec.hasTrial) list.push(price(spec, 'Trial', 0));
      return list;
    }
    case 'monthly-annual':
      return [price(spec, 'Monthly', 1), price(spec, 'Annual', 12 * 0.9)];
    case 'annual-early-exit':
      return [price(spec, 'Monthly', 1, '1-Year'), price(spec, 'Annual', 12 * 0.95, '1-Year')];
    case 'monthly':
    case 'usage':
      return [price(spec, 'Monthly', 1)];
    case 'one-time':
      return [price(spec, 'One-Time', 1)];
  }
}

function commitmentsFor(prng: Prng, spec: ProductSpec): CommitmentOption[] {
  if (spec.plan === 'nce') return [commitment(prng, 'Monthly'), commitment(prng, '1-Year')];
  if (spec.plan === 'nce-3y') return [commitment(prng, 'Monthly'), commitment(prng, '1-Year'), commitment(prng, '3-Year')];
  if (spec.plan === 'annual-early-exit') return [commitment(prng, '1-Year', { allowForEarlyCancellation: true, cancellationFeeApplied: true })];
  return [];
}

/** Draws ids for the catalog; the order of draws is fixed so ids depend only on the seed. */
export function buildProducts(prng: Prng): Product[] {
  const specs = [...microsoftCatalog, ...vendorCatalog];
  const products = specs.map((spec): Product => {
    const commitments = commitmentsFor(prng, spec);
    return {
      id: prng.uuid(),
      name: spec.name,
      vendorName: spec.vendorName,
      shortDescription: spec.shortDescription,
      description: `${spec.shortDescription} Sold through Pax8 to managed service providers; licensed per ${spec.unitOfMeasure.toLowerCase()}.`,
      sku: spec.sku,
      vendorSku: spec.vendorSku,
      ...(spec.altVendorSku ? { altVendorSku: spec.altVendorSku } : {}),
      ...(spec.skuGuid ? { skuGuid: spec.skuGuid } : {}),
      requiresCommitment: commitments.length > 0,
      unitOfMeasure: spec.unitOfMeasure,
      usageBased: spec.plan === 'usage',
      ...(spec.billedWithoutSubscriptionId ? { billedWithoutSubscriptionId: true } : {}),
      prices: pricesFor(spec),
      commitments,
      provision: spec.provision,
      requiresProductIds: [],
      weight: spec.weight,
    };
  });
  for (const [index, spec] of specs.entries()) {
    const product = products[index];
    const parent = products.find((p) => p.name === spec.addOnOf);
    if (product && parent) product.requiresProductIds = [parent.id];
  }
  return products;
}
