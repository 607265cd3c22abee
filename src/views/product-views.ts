import { z } from 'zod';
import { companyRefSchema, currencySchema, pagingSchema } from './view-parts.ts';

/** `products <text>`. */
export const productListSchema = z.object({
  kind: z.literal('productList'),
  query: z.string().nullable(),
  items: z.array(z.object({ id: z.string(), name: z.string(), vendorName: z.string().nullable(), sku: z.string().nullable() })),
  paging: pagingSchema,
});
export type ProductListView = z.infer<typeof productListSchema>;

/** One commitment a product offers, with what it means in words (e.g. "annual: no reduction after 7 days"). */
export const commitmentOptionSchema = z.object({
  id: z.string(),
  term: z.string().nullable(),
  allowQuantityIncrease: z.boolean().nullable(),
  allowQuantityDecrease: z.boolean().nullable(),
  allowEarlyCancellation: z.boolean().nullable(),
  cancellationFeeApplied: z.boolean().nullable(),
  meaning: z.string(),
});
export type CommitmentOption = z.infer<typeof commitmentOptionSchema>;

/** One price row: partner buy rate (`partnerCost`) and suggested customer price, per unit. */
export const priceRowSchema = z.object({
  billingTerm: z.string().nullable(),
  commitmentTerm: z.string().nullable(),
  commitmentTermInMonths: z.number().nullable(),
  unit: z.string().nullable(),
  chargeType: z.string().nullable(),
  partnerCost: z.number().nullable(),
  customerPrice: z.number().nullable(),
  minQuantity: z.number().nullable(),
  maxQuantity: z.number().nullable(),
});
export type PriceRow = z.infer<typeof priceRowSchema>;

/** A provisioning detail an order must carry (WIRE-NOTES rule 7). */
export const provisioningFieldSchema = z.object({
  key: z.string(),
  label: z.string(),
  description: z.string().nullable(),
  valueType: z.string().nullable(),
  possibleValues: z.array(z.string()),
  /** When it applies ("for a new Microsoft customer (msCustExists=no)"); null = always. */
  appliesWhen: z.string().nullable().default(null),
  /** What the answer must be ("a date, YYYY-MM-DD", "one of: …"). */
  expected: z.string().default(''),
});
export type ProvisioningField = z.infer<typeof provisioningFieldSchema>;

/** `product <name|sku|id>`: prices, commitment options and the provisioning details an order needs. */
export const productDetailSchema = z.object({
  kind: z.literal('productDetail'),
  product: z.object({
    id: z.string(),
    name: z.string(),
    vendorName: z.string().nullable(),
    sku: z.string().nullable(),
    description: z.string().nullable(),
    requiresCommitment: z.boolean().nullable(),
  }),
  /** Prices are for this company when the channel is mapped to one, else partner-wide. */
  pricedFor: companyRefSchema.nullable(),
  currency: currencySchema,
  prices: z.array(priceRowSchema),
  commitments: z.array(commitmentOptionSchema),
  provisioning: z.array(provisioningFieldSchema),
});
export type ProductDetailView = z.infer<typeof productDetailSchema>;
