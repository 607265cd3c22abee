import type { ProvisionField } from '../model.ts';

/**
 * A catalog entry before ids are drawn. `plan` says how the product is sold:
 * `nce` = Microsoft new-commerce (monthly and annual commitment terms), `monthly` = month to month,
 * `monthly-annual` = monthly or annual without commitment, `usage` = billed in arrears from usage,
 * `annual-early-exit` = a 1-year commitment that may be cancelled early against a fee,
 * `one-time` = bought once and billed once (a migration bundle).
 */
export interface ProductSpec {
  name: string;
  vendorName: string;
  shortDescription: string;
  sku: string;
  vendorSku: string;
  /** A second vendor id some products carry (Microsoft's new-commerce product id). */
  altVendorSku?: string;
  /** The Graph `skuId` of a Microsoft licence (`vendorSkuId` on a subscription). */
  skuGuid?: string;
  unitOfMeasure: string;
  /** Partner cost and customer price per unit and month on the cheapest monthly plan. */
  cost: number;
  price: number;
  plan: 'nce' | 'nce-3y' | 'monthly' | 'monthly-annual' | 'usage' | 'annual-early-exit' | 'one-time';
  provision: readonly ProvisionField[];
  weight: number;
  /** Name of the product this add-on requires. */
  addOnOf?: string;
  volumeTiers?: boolean;
  hasTrial?: boolean;
  /** Invoice lines without a `subscriptionId`, as Pax8 bills BitTitan migrations. */
  billedWithoutSubscriptionId?: boolean;
}
