import { z } from 'zod';
import { commandActionSchema, companyRefSchema, pagingSchema } from './view-parts.ts';
import { subscriptionRowSchema } from './subscription-views.ts';

/** The customer tenant a view is about: its id, the domain it was linked by, its name in Entra. */
export const tenantViewSchema = z.object({
  tenantId: z.string(),
  domain: z.string().nullable(),
  name: z.string().nullable(),
});
export type TenantViewRef = z.infer<typeof tenantViewSchema>;

/** A Pax8 subscription behind a licence (seats, terms, when its commitment ends). */
export const licencePax8SubSchema = subscriptionRowSchema.pick({
  id: true,
  productName: true,
  quantity: true,
  status: true,
  billingTerm: true,
  commitmentTerm: true,
  commitmentEndDate: true,
});

/** One licence (SKU) of the tenant with the Pax8 subscriptions that sell it (`licencePicture`). */
export const licenceRowSchema = z.object({
  skuId: z.string(),
  name: z.string(),
  partNumber: z.string().nullable(),
  /** Null when the tenant does not show the SKU (yet). */
  tenant: z
    .object({
      enabled: z.number().int(),
      consumed: z.number().int(),
      free: z.number().int(),
      warning: z.number().int(),
      suspended: z.number().int(),
      lockedOut: z.number().int(),
      status: z.string(),
      elsewhere: z.number().int(),
    })
    .nullable(),
  pax8: z.array(licencePax8SubSchema),
  pax8Seats: z.number(),
  mismatch: z.string().nullable(),
  source: z.enum(['pax8', 'elsewhere', 'both']),
  /** Details and Seats of each Pax8 subscription. */
  actions: z.array(commandActionSchema).default([]),
});
export type LicenceRow = z.infer<typeof licenceRowSchema>;

/** `licenses <company>`: the tenant's licences and Pax8's subscriptions side by side. */
export const licenceListSchema = z.object({
  kind: z.literal('licenceList'),
  company: companyRefSchema,
  tenant: tenantViewSchema,
  items: z.array(licenceRowSchema),
  /** Pax8 subscriptions holding seats that Pax8 ties to no Microsoft SKU (another vendor's, or one still provisioning). */
  unlinked: z.array(licencePax8SubSchema),
  /** The tenant's commerce subscriptions could not be read: units bought elsewhere are not told apart. */
  elsewhereUnknown: z.boolean().default(false),
  paging: pagingSchema,
});
export type LicenceListView = z.infer<typeof licenceListSchema>;

/** One user of a tenant as lists show it. */
export const userRowSchema = z.object({
  id: z.string(),
  upn: z.string(),
  displayName: z.string().nullable(),
  /** False: sign-in blocked. */
  enabled: z.boolean().nullable(),
  /** Licence names. */
  licences: z.array(z.string()),
  actions: z.array(commandActionSchema).default([]),
});
export type UserRow = z.infer<typeof userRowSchema>;

/** `users <company> [text]`: the tenant's users, the text matching the start of the name or UPN. */
export const userListSchema = z.object({
  kind: z.literal('userList'),
  company: companyRefSchema,
  tenant: tenantViewSchema,
  filter: z.string().nullable(),
  items: z.array(userRowSchema),
  paging: pagingSchema,
});
export type UserListView = z.infer<typeof userListSchema>;

/** `user <upn>`: one user, whose company it is, and how each licence is held. */
export const userDetailSchema = z.object({
  kind: z.literal('userDetail'),
  user: z.object({
    id: z.string(),
    upn: z.string(),
    displayName: z.string().nullable(),
    mail: z.string().nullable(),
    jobTitle: z.string().nullable(),
    department: z.string().nullable(),
    enabled: z.boolean().nullable(),
    usageLocation: z.string().nullable(),
    licences: z.array(z.object({ skuId: z.string(), name: z.string(), assignment: z.enum(['direct', 'group', 'direct and group']) })),
  }),
  tenant: tenantViewSchema,
  /** The companies linked to the tenant (usually one; `id` null for a config entry naming it). */
  companies: z.array(z.object({ id: z.string().nullable(), name: z.string() })),
});
export type UserDetailView = z.infer<typeof userDetailSchema>;

/** Licences this large (units) are free or site-wide offers, never seats bought one by one: `unused` leaves them out. */
export const largeSkuUnits = 10_000;

/**
 * One licence finding (`unused`, the daily digest): `surplus` — seats Pax8 bills that the tenant
 * does not assign (Reduce to `reduceTo`); `elsewhere` — unused seats bought outside Pax8 (not
 * Pax8's to reduce: no Reduce); `blocked` — a blocked user who still holds licences (Offboard).
 */
export const unusedRowSchema = z.object({
  type: z.enum(['surplus', 'elsewhere', 'blocked']),
  company: companyRefSchema,
  /** The licence of a seat finding. */
  licence: z.object({ skuId: z.string(), sku: z.string(), name: z.string() }).nullable(),
  /** The tenant's seats of it, and what Pax8 bills. */
  seats: z
    .object({ enabled: z.number().int(), consumed: z.number().int(), unused: z.number().int(), paid: z.number().int(), elsewhere: z.number().int() })
    .nullable(),
  /** The Pax8 subscription a Reduce changes, and the total it would keep (never below the assigned seats). */
  subscription: licencePax8SubSchema.nullable(),
  reduceTo: z.number().int().nullable(),
  /** A blocked user's sign-in name, name and the licences they hold. */
  user: z.object({ upn: z.string(), displayName: z.string().nullable(), licences: z.array(z.string()) }).nullable(),
  actions: z.array(commandActionSchema).default([]),
});
export type UnusedRow = z.infer<typeof unusedRowSchema>;

/** `unused [company]` and the daily digest: licence findings, and what was left out and why. */
export const unusedListSchema = z.object({
  kind: z.literal('unusedList'),
  /** The one company asked about; null for every linked tenant. */
  company: companyRefSchema.nullable(),
  /** The daily digest: only findings new or changed since the last one. */
  digest: z.boolean().default(false),
  /** Companies whose tenants were read. */
  companies: z.number().int(),
  items: z.array(unusedRowSchema),
  /** Findings on the ignore list, not shown. */
  ignored: z.number().int(),
  /** Licences left out by the guards, and ones whose Pax8 and tenant numbers disagree while a change is on its way. */
  skipped: z.object({ trial: z.number().int(), free: z.number().int(), large: z.number().int(), changing: z.number().int() }),
  /** Companies that could not be read, each with the reason. */
  problems: z.array(z.string()),
  /** The digest shows the first findings only: how many more there are (`unused` lists them all). */
  more: z.number().int().default(0),
  paging: pagingSchema,
});
export type UnusedListView = z.infer<typeof unusedListSchema>;
