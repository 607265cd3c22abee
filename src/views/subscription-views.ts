import { z } from 'zod';
import { wireIds } from '../wire-ids.ts';
import { commandActionSchema, companyRefSchema, currencySchema, isoDateSchema, pagingSchema } from './view-parts.ts';

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

/** `subs <company>`: each row with its buttons (Details; Seats and Cancel unless it is closed). */
export const subscriptionListSchema = z.object({
  kind: z.literal('subscriptionList'),
  company: companyRefSchema,
  items: z.array(subscriptionRowSchema.extend({ actions: z.array(commandActionSchema).default([]) })),
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
  /** Details and Seats (a change in the renewal window is scheduled by the seats path). */
  actions: z.array(commandActionSchema).default([]),
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

/**
 * `seats <subscription>` without a number, or a list row's Seats button: a form asking for the new
 * number of seats, filled in with today's. Its submission (`submit_seats`) runs `command` with the
 * number typed; an answer that cannot be taken comes back in the form (`problem`) with what was
 * typed (`value`), and nothing is asked of an approver.
 */
export const seatsFormSchema = z.object({
  kind: z.literal('seatsForm'),
  company: companyRefSchema.nullable(),
  subscription: z.object({
    id: z.string(),
    productName: z.string(),
    quantity: z.number().int().min(0),
    billingTerm: z.string().nullable(),
    commitmentTerm: z.string().nullable(),
    commitmentEndDate: isoDateSchema.nullable(),
  }),
  command: z.string(),
  verb: z.literal(wireIds.cardVerbs.submitSeats),
  value: z.string().nullable(),
  problem: z.string().nullable(),
});
export type SeatsFormView = z.infer<typeof seatsFormSchema>;
