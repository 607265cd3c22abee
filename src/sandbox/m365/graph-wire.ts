import type { Address } from '../model.ts';
import { skuById, type SkuInfo } from '../seed/microsoft-skus.ts';
import { isoZ } from '../wire-dates.ts';
import type { CommerceSubscription, TenantSku } from './commerce-view.ts';
import type { GraphUser, Tenant } from './tenant-model.ts';

/**
 * Graph's JSON for the sandbox's tenant records, shaped after the samples in GRAPH-NOTES
 * (test/reference/microsoft): property names, nesting, `null` for unset values.
 */
type Json = Record<string, unknown>;

/** Properties `GET /users` returns without `$select` (Graph v1.0's default set). */
export const defaultUserProperties = [
  'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id',
] as const;

/** Every user property the sandbox can `$select`. */
export const selectableUserProperties = [
  ...defaultUserProperties, 'accountEnabled', 'assignedLicenses', 'licenseAssignmentStates', 'usageLocation', 'mailNickname', 'createdDateTime',
  'department', 'signInSessionsValidFromDateTime', 'userType',
] as const;

/** Every property of a user the sandbox serves; routes keep the default set or what `$select` names. */
export function userWire(user: GraphUser): Json {
  return {
    id: user.id,
    businessPhones: [...user.businessPhones],
    displayName: user.displayName,
    givenName: user.givenName,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: user.mobilePhone,
    officeLocation: user.officeLocation,
    preferredLanguage: user.preferredLanguage,
    surname: user.surname,
    userPrincipalName: user.userPrincipalName,
    accountEnabled: user.accountEnabled,
    // Graph lists group-inherited licences here too; licenseAssignmentStates says which they are.
    assignedLicenses: [...user.licenses, ...user.groupLicenses].map((l) => ({ disabledPlans: [...l.disabledPlans], skuId: l.skuId })),
    licenseAssignmentStates: [
      ...user.licenses.map((l) => ({ assignedByGroup: null, disabledPlans: [...l.disabledPlans], error: 'None', lastUpdatedDateTime: isoZ(l.assignedAt), skuId: l.skuId, state: 'Active' })),
      ...user.groupLicenses.map((l) => ({ assignedByGroup: l.groupId, disabledPlans: [...l.disabledPlans], error: 'None', lastUpdatedDateTime: isoZ(l.assignedAt), skuId: l.skuId, state: 'Active' })),
    ],
    usageLocation: user.usageLocation,
    mailNickname: user.mailNickname,
    createdDateTime: isoZ(user.createdAt),
    department: user.department,
    signInSessionsValidFromDateTime: isoZ(user.signInSessionsValidFrom),
    userType: 'Member',
  };
}

function servicePlansWire(sku: SkuInfo, disabledPlans: readonly string[] = []): Json[] {
  return sku.servicePlans.map((p) => ({
    servicePlanId: p.servicePlanId,
    servicePlanName: p.servicePlanName,
    provisioningStatus: disabledPlans.includes(p.servicePlanId) ? 'Disabled' : 'Success',
    appliesTo: 'User',
  }));
}

/** One `subscribedSkus` entry: `id` is `{tenantId}_{skuId}`, `subscriptionIds` the directory subscriptions pooled. */
export function subscribedSkuWire(tenant: Tenant, entry: TenantSku): Json {
  return {
    accountName: tenant.displayName,
    accountId: tenant.id,
    appliesTo: 'User',
    capabilityStatus: entry.capabilityStatus,
    consumedUnits: entry.consumedUnits,
    id: `${tenant.id}_${entry.sku.skuId}`,
    prepaidUnits: { enabled: entry.prepaid.enabled, lockedOut: entry.prepaid.lockedOut, suspended: entry.prepaid.suspended, warning: entry.prepaid.warning },
    servicePlans: servicePlansWire(entry.sku),
    skuId: entry.sku.skuId,
    skuPartNumber: entry.sku.skuPartNumber,
    subscriptionIds: entry.subscriptions.map((s) => s.id),
  };
}

/** One `directory/subscriptions` entry (`companySubscription`). */
export function companySubscriptionWire(tenant: Tenant, sub: CommerceSubscription): Json {
  return {
    id: sub.id,
    commerceSubscriptionId: sub.commerceSubscriptionId,
    createdDateTime: isoZ(sub.createdAt),
    isTrial: sub.isTrial,
    nextLifecycleDateTime: sub.nextLifecycleAt === undefined ? null : isoZ(sub.nextLifecycleAt),
    ownerId: tenant.id,
    ownerTenantId: tenant.id,
    ownerType: 'Company',
    skuId: sub.skuId,
    skuPartNumber: skuById(sub.skuId)?.skuPartNumber ?? sub.skuId,
    status: sub.status,
    totalLicenses: sub.units,
  };
}

/** `GET /organization`'s one entry: the tenant, its address from the Pax8 company, its verified domains. */
export function organizationWire(tenant: Tenant, address: Address | undefined): Json {
  return {
    id: tenant.id,
    deletedDateTime: null,
    businessPhones: [],
    city: address?.city ?? null,
    country: null,
    countryLetterCode: tenant.countryLetterCode,
    createdDateTime: isoZ(tenant.createdAt),
    displayName: tenant.displayName,
    postalCode: address?.postalCode ?? null,
    preferredLanguage: 'en',
    state: address?.stateOrProvince ?? null,
    street: address?.street ?? null,
    tenantType: 'AAD',
    verifiedDomains: tenant.domains.map((d) => ({ capabilities: 'Email, OfficeCommunicationsOnline', isDefault: d.isDefault, isInitial: d.isInitial, name: d.name, type: 'Managed' })),
  };
}

/** `GET /users/{id}/licenseDetails`: direct and group-inherited licences alike. */
export function licenseDetailsWire(user: GraphUser): Json[] {
  return [...user.licenses, ...user.groupLicenses].flatMap((l) => {
    const sku = skuById(l.skuId);
    if (!sku) return [];
    return [{ id: Buffer.from(`${user.id}_${sku.skuId}`).toString('base64url'), skuId: sku.skuId, skuPartNumber: sku.skuPartNumber, servicePlans: servicePlansWire(sku, l.disabledPlans) }];
  });
}
