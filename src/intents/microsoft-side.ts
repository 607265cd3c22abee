import { type TenantSeatsReader, tenantSeatsOver } from '../approvals/index.ts';
import { checkTenantAccess, type MicrosoftClient } from '../microsoft/index.ts';
import type { Store } from '../store/index.ts';
import type { Clock } from '../util/clock.ts';
import { blockSignIn } from './block-sign-in.ts';
import { createPax8SkuLinks, type ProductCatalogue } from './pax8-sku-links.ts';
import type { MicrosoftSide, Pax8Accounts } from './ports.ts';
import { createTenantLinks, type TenantLinkSources } from './tenant-links.ts';

/** What the bot says when Microsoft commands are used without the app registration's credentials. */
export const microsoftNotConfiguredHint =
  'Microsoft 365 is not connected: set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET (the MSP\'s multi-tenant app registration, consented in each customer tenant; see "Microsoft 365 tenants" in the README) and restart the bot.';

/** A config entry linking a company to its tenant (`microsoft.tenants`). */
export type ConfiguredTenantLink = TenantLinkSources['configured'][number];

/** The `company_tenants` table as the links' store. */
export function tenantLinkStoreFrom(store: Pick<Store, 'companyTenants'>): TenantLinkSources['store'] {
  return {
    get: (companyId) => store.companyTenants.get(companyId),
    list: () => store.companyTenants.list(),
    set: (link, at) =>
      store.companyTenants.set({ companyId: link.companyId, companyName: link.companyName, account: link.account, tenantId: link.tenantId, domain: link.domain, setBy: link.setBy }, at),
  };
}

/**
 * The Microsoft side of the intent layer over the Microsoft client: tenant links from the store and
 * the config, read-only Graph per tenant, the access check, and the Pax8 SKU links.
 */
export function createMicrosoftSide(options: {
  readonly client: MicrosoftClient;
  readonly store: Pick<Store, 'companyTenants'>;
  readonly configured: readonly ConfiguredTenantLink[];
  readonly pax8: Pax8Accounts;
  readonly clock: Clock;
  /** The resolver's product lists, so only Microsoft subscriptions are read for their SKU. */
  readonly products?: ProductCatalogue | undefined;
}): MicrosoftSide {
  const { client } = options;
  return {
    configured: true,
    links: createTenantLinks({ store: tenantLinkStoreFrom(options.store), configured: options.configured, resolveTenantId: (domain) => client.resolveTenantId(domain) }),
    graph: (tenantId) => client.forTenant(tenantId),
    blockSignIn: (tenantId, userId) => blockSignIn(client.forTenant(tenantId), userId),
    access: (tenantId) => checkTenantAccess(client, tenantId),
    pax8Skus: createPax8SkuLinks({ pax8: options.pax8, clock: options.clock, products: options.products }),
  };
}

/**
 * The Microsoft side of a bot without the app registration: no tenant can be read, but which
 * Microsoft SKU each Pax8 subscription is comes from Pax8 (onboarding without a linked tenant).
 */
export function microsoftNotConfigured(options: { readonly pax8: Pax8Accounts; readonly clock: Clock; readonly products?: ProductCatalogue | undefined }): MicrosoftSide {
  return { configured: false, hint: microsoftNotConfiguredHint, pax8Skus: createPax8SkuLinks(options) };
}

/** The tenants' seats as the approvals engine reads them when a reduction keeping assigned seats runs; undefined without Microsoft. */
export function tenantSeatsFrom(side: MicrosoftSide): TenantSeatsReader | undefined {
  if (!side.configured) return undefined;
  return tenantSeatsOver((tenantId) => side.graph(tenantId));
}
