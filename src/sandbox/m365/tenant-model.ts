/**
 * The sandbox's records of the customers' Microsoft 365 tenants (Entra directory + licences). Like
 * the Pax8 records they are the sandbox's own, shaped after Graph's documentation and GRAPH-NOTES,
 * and share nothing with the production Microsoft client. Wire shapes come from `graph-wire.ts`.
 */

/** Application permissions (app roles) of Microsoft Graph the sandbox checks. */
export const graphPermissions = [
  'Organization.Read.All', 'User.Read.All', 'User.ReadWrite.All', 'User.RevokeSessions.All',
  'LicenseAssignment.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All',
] as const;
export type GraphPermission = (typeof graphPermissions)[number];

/** What an MSP's app is granted when a customer admin consents it (GRAPH-NOTES "Reaching a customer's tenant"). */
export const consentedPermissions: readonly GraphPermission[] = ['Organization.Read.All', 'User.ReadWrite.All', 'User.RevokeSessions.All', 'LicenseAssignment.ReadWrite.All'];

/** A domain the tenant proved it owns; new users' UPNs must use one. */
export interface VerifiedDomain {
  name: string;
  isDefault: boolean;
  isInitial: boolean;
}

/** A licence assigned to the user directly (`assignLicense`). */
export interface DirectLicense {
  skuId: string;
  disabledPlans: string[];
  assignedAt: number;
}

/** A licence the user inherits from a group: only the group can take it away. */
export interface GroupLicense {
  skuId: string;
  groupId: string;
  disabledPlans: string[];
  assignedAt: number;
}

/** A user of a tenant's directory; the password is never kept. */
export interface GraphUser {
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mailNickname: string;
  mail: string | null;
  accountEnabled: boolean;
  usageLocation: string | null;
  /** When `usageLocation` last changed: licensing sees it only after the replication delay. */
  usageLocationSetAt: number;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  mobilePhone: string | null;
  businessPhones: string[];
  preferredLanguage: string | null;
  createdAt: number;
  /** Sign-in sessions issued before this time are revoked (`revokeSignInSessions`). */
  signInSessionsValidFrom: number;
  licenses: DirectLicense[];
  groupLicenses: GroupLicense[];
  managerId?: string;
}

/** A commerce subscription the customer bought outside Pax8 (direct, another partner, a free SKU). */
export interface ElsewhereSubscription {
  commerceSubscriptionId: string;
  skuId: string;
  quantity: number;
  createdAt: number;
  isTrial: boolean;
  /** Renews every `termMonths` from `createdAt` unless it lapsed at `lapsedAt`. */
  termMonths: number;
  lapsedAt?: number;
}

/** The users of a tenant, created on first use (a few hundred per tenant, thousands of tenants). */
export interface TenantUsers {
  list: GraphUser[];
  byId: Map<string, GraphUser>;
  byUpn: Map<string, GraphUser>;
}

/** A customer's Entra tenant, tied to one Pax8 company of one partner account. */
export interface Tenant {
  id: string;
  displayName: string;
  /** The Pax8 partner account (client id) and company this tenant belongs to. */
  accountClientId: string;
  companyId: string;
  countryLetterCode: string;
  createdAt: number;
  domains: VerifiedDomain[];
  /** Whether the MSP's app is consented here; without it every token request is refused. */
  consented: boolean;
  /** What the consented app may do; tokens carry these as `roles`. */
  permissions: GraphPermission[];
  elsewhere: ElsewhereSubscription[];
  /** Seed of the tenant's own random stream (users are drawn from it on first use). */
  seed: number;
  /** Seeded with the sandbox (a populated directory); false for a tenant a Pax8 order created. */
  seeded: boolean;
  /** The company's contacts when the tenant was seeded: they become its first users. */
  seedContacts: readonly { firstName: string; lastName: string; email: string }[];
  users?: TenantUsers;
}

/** The tenant's default verified domain (new users' UPNs use it). */
export function defaultDomain(tenant: Tenant): string {
  return (tenant.domains.find((d) => d.isDefault) ?? tenant.domains[0])?.name ?? '';
}

/** The tenant's `.onmicrosoft.com` domain. */
export function initialDomain(tenant: Tenant): string {
  return (tenant.domains.find((d) => d.isInitial) ?? tenant.domains[0])?.name ?? '';
}
