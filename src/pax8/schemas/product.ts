import { z } from 'zod';
import { id, optionalBoolean, optionalNumber, optionalText } from './common.ts';

/**
 * `vendorSku` is a string in the spec, but for Microsoft sometimes a JSON string (or object) with a
 * numeric `skuId` (WIRE-NOTES). It is normalised to text; {@link parseVendorSku} reads the JSON form.
 */
const vendorSku = z
  .union([z.string(), z.number(), z.record(z.string(), z.unknown())])
  .nullish()
  .transform((value) => (value === null || value === undefined ? value : typeof value === 'string' ? value : JSON.stringify(value)));

/** A product (`GET /products`, `GET /products/{id}`; the single GET adds `description`). */
export const productSchema = z.object({
  id,
  name: z.string(),
  vendorName: optionalText,
  shortDescription: optionalText,
  description: optionalText,
  sku: optionalText,
  vendorSku,
  altVendorSku: optionalText,
  requiresCommitment: optionalBoolean,
});
export type Product = z.infer<typeof productSchema>;

/** The `skuId` inside a JSON-shaped `vendorSku`, else the `vendorSku` text itself. */
export function parseVendorSku(vendorSkuText: string | null | undefined): string | undefined {
  if (!vendorSkuText) return undefined;
  if (!vendorSkuText.trimStart().startsWith('{')) return vendorSkuText;
  try {
    const parsed = z.object({ skuId: z.union([z.string(), z.number()]) }).safeParse(JSON.parse(vendorSkuText));
    return parsed.success ? String(parsed.data.skuId) : vendorSkuText;
  } catch {
    return vendorSkuText;
  }
}

/** One commitment a product offers (Microsoft NCE); its `id` is sent as `commitmentTermId`. */
export const commitmentSchema = z.object({
  id,
  term: optionalText,
  autoRenew: optionalBoolean,
  renewalWindowDaysBeforeTermEnd: optionalNumber,
  renewalWindowDaysAfterTermEnd: optionalNumber,
  allowForQuantityIncrease: optionalBoolean,
  allowForQuantityDecrease: optionalBoolean,
  allowForEarlyCancellation: optionalBoolean,
  cancellationFeeApplied: optionalBoolean,
  isTransferable: optionalBoolean,
});
export type Commitment = z.infer<typeof commitmentSchema>;

/** `GET /products/{id}/dependencies` (WIRE-NOTES rule 5). */
export const productDependenciesSchema = z
  .object({
    commitmentDependencies: z.array(commitmentSchema).nullish(),
    productDependencies: z.array(z.object({ name: optionalText, products: z.array(productSchema).nullish() })).nullish(),
  })
  .transform((d) => ({
    commitmentDependencies: d.commitmentDependencies ?? [],
    productDependencies: (d.productDependencies ?? []).map((dep) => ({ name: dep.name, products: dep.products ?? [] })),
  }));
export type ProductDependencies = z.infer<typeof productDependenciesSchema>;

/** One entry of `GET /products/{id}/provision-details` (WIRE-NOTES rule 7). */
export const provisioningDetailSchema = z.object({
  key: z.string(),
  label: optionalText,
  description: optionalText,
  valueType: optionalText,
  possibleValues: z.array(z.string()).nullish(),
});
export type ProvisioningDetail = z.infer<typeof provisioningDetailSchema>;

/** One entry of `GET /products/{id}/pricing`. */
export const pricingSchema = z.object({
  productId: optionalText,
  productName: optionalText,
  billingTerm: optionalText,
  commitmentTerm: optionalText,
  commitmentTermInMonths: optionalNumber,
  type: optionalText,
  unitOfMeasurement: optionalText,
  rates: z
    .array(
      z.object({
        partnerBuyRate: optionalNumber,
        suggestedRetailPrice: optionalNumber,
        startQuantityRange: optionalNumber,
        endQuantityRange: optionalNumber,
        chargeType: optionalText,
      }),
    )
    .nullish(),
});
export type Pricing = z.infer<typeof pricingSchema>;
