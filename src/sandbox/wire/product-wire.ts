import type { CommitmentOption, PriceOption, Product, ProvisionField } from '../model.ts';
import type { WireObject } from './wire-types.ts';

/** `Product` as listed (no long description). */
export function productWire(product: Product): WireObject {
  return {
    id: product.id,
    name: product.name,
    vendorName: product.vendorName,
    shortDescription: product.shortDescription,
    sku: product.sku,
    vendorSku: product.vendorSku,
    ...(product.altVendorSku ? { altVendorSku: product.altVendorSku } : {}),
    requiresCommitment: product.requiresCommitment,
  };
}

export function productDetailWire(product: Product): WireObject {
  return { ...productWire(product), description: product.description };
}

export function provisionWire(field: ProvisionField): WireObject {
  return {
    label: field.label,
    key: field.key,
    valueType: field.valueType,
    ...(field.description ? { description: field.description } : {}),
    ...(field.possibleValues ? { possibleValues: [...field.possibleValues] } : {}),
  };
}

export function commitmentWire(c: CommitmentOption): WireObject {
  return {
    id: c.id,
    term: c.term,
    autoRenew: c.autoRenew,
    renewalWindowDaysBeforeTermEnd: c.renewalWindowDaysBeforeTermEnd,
    renewalWindowDaysAfterTermEnd: c.renewalWindowDaysAfterTermEnd,
    allowForQuantityIncrease: c.allowForQuantityIncrease,
    allowForQuantityDecrease: c.allowForQuantityDecrease,
    allowForEarlyCancellation: c.allowForEarlyCancellation,
    cancellationFeeApplied: c.cancellationFeeApplied,
    isTransferable: c.isTransferable,
  };
}

const termMonths: Record<string, number> = { Monthly: 1, '1-Year': 12, '3-Year': 36 };

/** `Pricing`: one entry per billing term and commitment, rates per quantity tier. */
export function pricingWire(product: Product, option: PriceOption, factor: number): WireObject {
  const tiers = option.tiers ?? [];
  const bounds = [{ from: 1, factor: 1 }, ...tiers];
  const rates = bounds.map((tier, i) => {
    const next = bounds[i + 1];
    return {
      partnerBuyRate: Math.round(option.partnerBuyRate * tier.factor * 100) / 100,
      suggestedRetailPrice: Math.round(option.suggestedRetailPrice * tier.factor * factor * 100) / 100,
      startQuantityRange: tier.from,
      ...(next ? { endQuantityRange: next.from - 1 } : {}),
      chargeType: 'Per Unit',
    };
  });
  return {
    productId: product.id,
    productName: product.name,
    billingTerm: option.billingTerm,
    ...(option.commitmentTerm ? { commitmentTerm: option.commitmentTerm, commitmentTermInMonths: termMonths[option.commitmentTerm] } : {}),
    type: product.usageBased ? 'Mark-Up' : tiers.length > 0 ? 'Volume' : 'Flat',
    unitOfMeasurement: product.unitOfMeasure,
    rates,
  };
}
