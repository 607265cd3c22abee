/** The Microsoft client (Entra ID tokens and Graph for customer tenants): the only module that talks to Microsoft. */
export {
  createMicrosoftClient,
  type GraphClient,
  type MicrosoftClient,
  type MicrosoftClientConfig,
  type MicrosoftClientDeps,
} from './create-microsoft-client.ts';
export {
  EntraTokenError,
  GraphHttpError,
  GraphNetworkError,
  GraphOutcomeUnknownError,
  GraphPageLimitError,
  GraphRateLimitedError,
  GraphSchemaError,
  type EntraTokenReason,
  type GraphErrorReason,
  type MicrosoftCallInfo,
} from './errors.ts';
export { odataString } from './schemas/common.ts';
export type { Organization, VerifiedDomain } from './schemas/organization.ts';
export type { DirectorySubscription, LicenseChange, LicenseDetail, SubscribedSku } from './schemas/licensing.ts';
export type { GraphUser, NewUser, UserChanges } from './schemas/user.ts';
export type { DirectoryResource } from './resources/directory.ts';
export type { UserListOptions, UserReadOptions, UsersResource } from './resources/users.ts';
export { checkTenantAccess, missingPermissions, requiredPermissions, type TenantAccess } from './tenant-access.ts';
export { parseTenantRef, tenantRefHint, type TenantRef } from './tenant-ref.ts';
export { skuDisplayName } from './sku-names.ts';
