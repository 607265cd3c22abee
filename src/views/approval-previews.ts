import { z } from 'zod';
import { commitmentOptionSchema } from './product-views.ts';
import { companyRefSchema, currencySchema, isoDateSchema } from './view-parts.ts';

/**
 * What an approver sees before deciding: the facts of the change, its cost, and what the Pax8 rules
 * make of it. One shape per request kind, so a card can never show a seat preview for an order.
 */

/** The verdict of the Pax8 dry run (`POST /orders?isMock=true`; WIRE-NOTES rule 2). */
export const dryRunSchema = z.object({ ok: z.boolean(), verdict: z.string(), messages: z.array(z.string()) });
export type DryRun = z.infer<typeof dryRunSchema>;

/** `buy`: a new subscription. Costs are partner cost, prices are what the customer pays. */
export const buyPreviewSchema = z.object({
  kind: z.literal('buy'),
  company: companyRefSchema.extend({ status: z.string().nullable() }),
  product: z.object({ id: z.string(), name: z.string(), vendorName: z.string().nullable() }),
  quantity: z.number().int().min(1),
  billingTerm: z.string(),
  commitment: commitmentOptionSchema.nullable(),
  currency: currencySchema,
  unitCost: z.number().nullable(),
  unitPrice: z.number().nullable(),
  monthlyCost: z.number().nullable(),
  monthlyPrice: z.number().nullable(),
  termMonths: z.number().int().min(1),
  termCost: z.number().nullable(),
  termPrice: z.number().nullable(),
  provisioning: z.array(z.object({ key: z.string(), label: z.string(), values: z.array(z.string()) })),
  dryRun: dryRunSchema,
});
export type BuyPreview = z.infer<typeof buyPreviewSchema>;

/** When a seat change happens: at once, or scheduled into the window after the next renewal. */
export const seatTimingSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('now') }),
  z.object({ mode: z.literal('atRenewal'), renewsOn: isoDateSchema, windowCloses: isoDateSchema, reason: z.string() }),
]);
export type SeatTiming = z.infer<typeof seatTimingSchema>;

/** `seats`: a quantity change on an existing subscription. */
export const seatsPreviewSchema = z.object({
  kind: z.literal('seats'),
  company: companyRefSchema.nullable(),
  subscription: z.object({ id: z.string(), productName: z.string(), billingTerm: z.string().nullable() }),
  commitmentTerm: z.string().nullable(),
  currentQuantity: z.number(),
  newQuantity: z.number().int().min(1),
  change: z.number().int(),
  currency: currencySchema,
  unitCost: z.number().nullable(),
  unitPrice: z.number().nullable(),
  monthlyCostDelta: z.number().nullable(),
  monthlyPriceDelta: z.number().nullable(),
  timing: seatTimingSchema,
  /**
   * What was asked ("+1", "-2", "to 10"): the change that runs against the quantity Pax8 has then;
   * `currentQuantity → newQuantity` is only how it looked when asked. Null on older requests.
   */
  requestedChange: z.string().nullable().default(null),
});
export type SeatsPreview = z.infer<typeof seatsPreviewSchema>;

/** `cancel`: ending a subscription, which cannot be undone (WIRE-NOTES rule 4). */
export const cancelPreviewSchema = z.object({
  kind: z.literal('cancel'),
  company: companyRefSchema.nullable(),
  subscription: z.object({ id: z.string(), productName: z.string(), quantity: z.number().nullable(), billingTerm: z.string().nullable() }),
  commitmentTerm: z.string().nullable(),
  commitmentEndDate: isoDateSchema.nullable(),
  earlyCancellationAllowed: z.boolean().nullable(),
  cancellationFeeApplied: z.boolean().nullable(),
  irreversible: z.literal(true),
  /** Now, or in the 7-day window after the next renewal when the commitment forbids it before. */
  timing: seatTimingSchema,
  currency: currencySchema,
  monthlyCostDelta: z.number().nullable(),
  notes: z.array(z.string()),
});
export type CancelPreview = z.infer<typeof cancelPreviewSchema>;

export const approvalPreviewSchema = z.discriminatedUnion('kind', [buyPreviewSchema, seatsPreviewSchema, cancelPreviewSchema]);
export type ApprovalPreview = z.infer<typeof approvalPreviewSchema>;
