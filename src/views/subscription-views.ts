import { z } from 'zod';
import { companyRefSchema, currencySchema, isoDateSchema, pagingSchema } from './view-parts.ts';

/** One subscription as lists show it. */
export const subscriptionRowSchema = z.object({
  id: z.string(),
  productName: z.string(),
  quantity: z.number().nullable(),
  status: z.string().nullable(),
  billingTerm: z.string().nullable(),
  commitmentTerm: z.string().nullable(),
  commitmentEndDate: isoDateSchema.nullable(),
  partnerCost: z.number().nullable(),
  price: z.number().nullable(),
  currency: currencySchema,
});
export type SubscriptionRow = z.infer<typeof subscriptionRowSchema>;

/** `subs <company>`. */
export const subscriptionListSchema = z.object({
  kind: z.literal('subscriptionList'),
  company: companyRefSchema,
  items: z.array(subscriptionRowSchema),
  paging: pagingSchema,
});
export type SubscriptionListView = z.infer<typeof subscriptionListSchema>;

/** One entry of a subscription's history: what it looked like at that time. */
export const historyEntrySchema = z.object({
  at: isoDateSchema.nullable(),
  quantity: z.number().nullable(),
  status: z.string().nullable(),
  partnerCost: z.number().nullable(),
  price: z.number().nullable(),
});

/** `sub <id>`: one subscription with its history, newest first. */
export const subscriptionDetailSchema = z.object({
  kind: z.literal('subscriptionDetail'),
  subscription: subscriptionRowSchema.extend({
    productId: z.string().nullable(),
    startDate: isoDateSchema.nullable(),
    endDate: isoDateSchema.nullable(),
    createdDate: isoDateSchema.nullable(),
    vendorSubscriptionId: z.string().nullable(),
  }),
  company: companyRefSchema.nullable(),
  history: z.array(historyEntrySchema),
  /** How many history entries exist; only the newest are shown. */
  historyTotal: z.number().int().min(0),
});
export type SubscriptionDetailView = z.infer<typeof subscriptionDetailSchema>;

/** One commitment ending soon, with the window in which seats may be reduced or the term changed. */
export const renewalRowSchema = z.object({
  subscriptionId: z.string(),
  company: companyRefSchema.nullable(),
  productName: z.string(),
  quantity: z.number().nullable(),
  commitmentTerm: z.string().nullable(),
  renewsOn: isoDateSchema,
  daysLeft: z.number().int(),
  /** The 7-day (168 h) decrease window after renewal (Microsoft NCE; WIRE-NOTES rule 5). */
  decreaseWindowOpens: isoDateSchema,
  decreaseWindowCloses: isoDateSchema,
  autoRenew: z.boolean().nullable(),
  /** The Pax8 account of the subscription; null when the bot has only one. */
  account: z.string().nullable().default(null),
});
export type RenewalRow = z.infer<typeof renewalRowSchema>;

/** `renewals [days]`: commitments ending within `days`, soonest first. */
export const renewalListSchema = z.object({
  kind: z.literal('renewalList'),
  days: z.number().int().min(1),
  asOf: isoDateSchema,
  company: companyRefSchema.nullable(),
  items: z.array(renewalRowSchema),
  paging: pagingSchema,
});
export type RenewalListView = z.infer<typeof renewalListSchema>;
