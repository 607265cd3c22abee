import { z } from 'zod';
import { id, optionalNumber, optionalText, pax8Date } from './common.ts';

const commitmentTermSchema = z.object({ id: optionalText, term: optionalText, endDate: pax8Date });

/**
 * A subscription. The spec calls the commitment `commitmentTerm`, the wire `commitment`: both are
 * read and exposed as `commitment` (WIRE-NOTES). Status does not drive billing; dates do.
 */
export const subscriptionSchema = z
  .object({
    id,
    parentSubscriptionId: optionalText,
    companyId: optionalText,
    productId: optionalText,
    vendorSubscriptionId: optionalText,
    vendorSkuId: optionalText,
    quantity: optionalNumber,
    startDate: pax8Date,
    endDate: pax8Date,
    createdDate: pax8Date,
    updatedDate: pax8Date,
    billingStart: pax8Date,
    status: optionalText,
    price: optionalNumber,
    partnerCost: optionalNumber,
    currencyCode: optionalText,
    productName: optionalText,
    billingTerm: optionalText,
    commitment: commitmentTermSchema.nullish(),
    commitmentTerm: commitmentTermSchema.nullish(),
  })
  .transform(({ commitmentTerm, ...sub }) => ({ ...sub, commitment: sub.commitment ?? commitmentTerm ?? undefined }));
export type Subscription = z.infer<typeof subscriptionSchema>;

/** Statuses of a subscription that is cancelled or being cancelled (any case; both spellings seen). */
const closedStatuses = new Set(['cancelled', 'canceled', 'pendingcancel']);

/** Whether a subscription is cancelled or on its way there: no seat change or cancellation applies to it. */
export function isClosedSubscription(s: { readonly status?: string | null | undefined } | undefined): boolean {
  return closedStatuses.has((s?.status ?? '').toLowerCase());
}

/** Statuses of a subscription live at Microsoft: Pax8 says `Active`, or `Activated` once provisioning finished. */
const liveStatuses = new Set(['active', 'activated']);

/**
 * Whether a subscription is live, so a seat added to it reaches the tenant at once: not a trial, not
 * provisioning still open (`PendingManual`, `PendingAutomated`, which can get stuck), not waiting for
 * details, not on its way out. What onboarding grows when no seat is free.
 */
export function isLiveSubscription(s: { readonly status?: string | null | undefined }): boolean {
  return liveStatuses.has((s.status ?? '').toLowerCase());
}

/** Statuses of a subscription whose seats are gone from the customer's tenant (or were never there as such). */
const goneStatuses = new Set(['cancelled', 'canceled', 'converted']);

/**
 * Whether a subscription's seats are (or are on their way to being) in the customer's tenant: every
 * status but cancelled and converted — a `PendingCancel` one still holds its seats until it ends.
 */
export function holdsSeats(s: { readonly status?: string | null | undefined }): boolean {
  return !goneStatuses.has((s.status ?? '').toLowerCase());
}

/** One entry of `GET /subscriptions/{id}/history`: the subscription as it was at that time. */
export const subscriptionHistorySchema = subscriptionSchema;
export type SubscriptionHistory = z.infer<typeof subscriptionHistorySchema>;

/**
 * `PUT /subscriptions/{id}` body for a seat change: `{quantity}` and nothing else. Echoing the
 * subscription back would overwrite the customer's price (WIRE-NOTES rule 3).
 */
export const quantityUpdateSchema = z.strictObject({ quantity: z.number().int().min(1) });

/** `cancelDate` for `DELETE /subscriptions/{id}`: a calendar date. */
export const cancelDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'cancelDate must be YYYY-MM-DD');

/** Filters of `GET /subscriptions`. */
export interface SubscriptionFilters {
  status?: string;
  billingTerm?: string;
  companyId?: string;
  productId?: string;
  sort?: string;
}
