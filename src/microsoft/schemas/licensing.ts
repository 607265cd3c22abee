import { z } from 'zod';
import { guid, optionalText } from './common.ts';

const servicePlanSchema = z.object({
  servicePlanId: z.string(),
  servicePlanName: optionalText,
  provisioningStatus: optionalText,
  appliesTo: optionalText,
});

/**
 * One SKU of the tenant, pooling every subscription of it (`GET /subscribedSkus`). Seats free to
 * assign now are `prepaidUnits.enabled − consumedUnits` (may be negative); `warning` and `suspended`
 * units are not free. `capabilityStatus`: `Enabled`, `Warning`, `Suspended`, `Deleted`, `LockedOut`.
 */
export const subscribedSkuSchema = z.object({
  id: optionalText,
  skuId: z.string().min(1),
  skuPartNumber: z.string(),
  consumedUnits: z.number().int(),
  prepaidUnits: z.object({
    enabled: z.number().int(),
    warning: z.number().int().default(0),
    suspended: z.number().int().default(0),
    lockedOut: z.number().int().default(0),
  }),
  capabilityStatus: z.string(),
  appliesTo: optionalText,
  subscriptionIds: z.array(z.string()).nullish().transform((ids) => ids ?? []),
  servicePlans: z.array(servicePlanSchema).nullish().transform((plans) => plans ?? []),
  accountId: optionalText,
  accountName: optionalText,
});
export type SubscribedSku = z.infer<typeof subscribedSkuSchema>;

/**
 * One commerce subscription (`GET /directory/subscriptions`). `commerceSubscriptionId` is what Pax8
 * calls `vendorSubscriptionId`; `skuId` is Pax8's subscription `vendorSkuId`.
 */
export const directorySubscriptionSchema = z.object({
  id: z.string().min(1),
  commerceSubscriptionId: optionalText,
  skuId: z.string().min(1),
  skuPartNumber: optionalText,
  totalLicenses: z.number().int(),
  status: z.string(),
  isTrial: z.boolean().nullish(),
  createdDateTime: optionalText,
  nextLifecycleDateTime: optionalText,
  ownerId: optionalText,
  ownerTenantId: optionalText,
  ownerType: optionalText,
});
export type DirectorySubscription = z.infer<typeof directorySubscriptionSchema>;

/** A licence a user holds, directly or through a group (`GET /users/{id}/licenseDetails`). */
export const licenseDetailSchema = z.object({
  id: optionalText,
  skuId: z.string().min(1),
  skuPartNumber: optionalText,
  servicePlans: z.array(servicePlanSchema).nullish().transform((plans) => plans ?? []),
});
export type LicenseDetail = z.infer<typeof licenseDetailSchema>;

/** Licences to add and remove in one `assignLicense`. */
export interface LicenseChange {
  readonly add?: readonly { readonly skuId: string; readonly disabledPlans?: readonly string[] }[];
  readonly remove?: readonly string[];
}

/**
 * The `assignLicense` body, strict. Graph requires both arrays (GRAPH-NOTES), so both are always
 * sent, `[]` when empty; a change that adds and removes nothing is refused before it is sent.
 */
export const assignLicenseBodySchema = z
  .strictObject({
    addLicenses: z.array(z.strictObject({ skuId: guid, disabledPlans: z.array(guid) })),
    removeLicenses: z.array(guid),
  })
  .refine((body) => body.addLicenses.length + body.removeLicenses.length > 0, { message: 'add or remove at least one licence' });
export type AssignLicenseBody = z.infer<typeof assignLicenseBodySchema>;

/** Builds the strict `assignLicense` body from a change. */
export function buildAssignLicenseBody(change: LicenseChange): AssignLicenseBody {
  return assignLicenseBodySchema.parse({
    addLicenses: (change.add ?? []).map((license) => ({ skuId: license.skuId, disabledPlans: [...(license.disabledPlans ?? [])] })),
    removeLicenses: [...(change.remove ?? [])],
  });
}
