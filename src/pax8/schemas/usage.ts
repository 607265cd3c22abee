import { z } from 'zod';
import { id, optionalBoolean, optionalNumber, optionalText, pax8Date } from './common.ts';

/**
 * A usage summary. Listed under a subscription it has `subscriptionId` and `currencyCode` but may
 * lack `companyId` (WIRE-NOTES).
 */
export const usageSummarySchema = z.object({
  id,
  companyId: optionalText,
  subscriptionId: optionalText,
  productId: optionalText,
  resourceGroup: optionalText,
  vendorName: optionalText,
  currentCharges: optionalNumber,
  currencyCode: optionalText,
  partnerTotal: optionalNumber,
  isTrial: optionalBoolean,
});
export type UsageSummary = z.infer<typeof usageSummarySchema>;

/** A usage line. `productId` is kept as text: Pax8's own example holds one that is not a UUID. */
export const usageLineSchema = z.object({
  usageSummaryId: optionalText,
  usageDate: pax8Date,
  productName: optionalText,
  productId: optionalText,
  unitOfMeasure: optionalText,
  quantity: optionalNumber,
  currentCharges: optionalNumber,
  currentProfit: optionalNumber,
  partnerTotal: optionalNumber,
  unitPrice: optionalNumber,
  currencyCode: optionalText,
  isTrial: optionalBoolean,
});
export type UsageLine = z.infer<typeof usageLineSchema>;
