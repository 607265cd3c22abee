/**
 * Which Microsoft 365 tenant a Pax8 company is: a link an admin set in chat (`tenant <company> …`,
 * kept in the store) wins over one in the config file (`microsoft.tenants`, by company name or id,
 * a tenant id or a domain). A domain is turned into its tenant id once, through Entra's OpenID
 * configuration, and remembered.
 */
import { parseTenantRef } from '../microsoft/tenant-ref.ts';
import { createPromiseCache } from '../util/ttl-cache.ts';

/** A company's tenant, and where the link came from. */
export interface TenantLink {
  readonly tenantId: string;
  /** The domain the link was given as, if it was one. */
  readonly domain: string | undefined;
  readonly source: 'chat' | 'config';
  /** Who set it in chat, and when. */
  readonly setBy?: string | undefined;
}

/** A link as the store keeps it (`company_tenants`). */
export interface StoredTenantLink {
  readonly companyId: string;
  readonly companyName?: string | undefined;
  readonly account?: string | undefined;
  readonly tenantId: string;
  readonly domain?: string | undefined;
  readonly setBy: string;
}

/** What the links need: the store's table, the config's entries, and the domain lookup. */
export interface TenantLinkSources {
  readonly store: {
    get(companyId: string): Promise<StoredTenantLink | undefined>;
    set(link: StoredTenantLink, at: Date): Promise<void>;
    list(): Promise<StoredTenantLink[]>;
  };
  readonly configured: readonly { readonly company: string; readonly tenant: string; readonly account?: string | undefined }[];
  /** A domain's tenant id, `undefined` when Entra knows no such tenant. */
  resolveTenantId(domain: string): Promise<string | undefined>;
}

/** A company as links are looked up by: its id, name and Pax8 account. */
export interface LinkedCompany {
  readonly id: string;
  readonly name: string;
  readonly account: string;
}

export interface TenantLinks {
  /** The company's tenant, or undefined when neither the store nor the config links it. */
  find(company: LinkedCompany): Promise<TenantLink | undefined>;
  /** Links a company (`tenant` in chat). */
  set(company: LinkedCompany, tenant: { readonly tenantId: string; readonly domain: string | undefined }, setBy: string, at: Date): Promise<void>;
  /** The companies linked to a tenant, for a user looked up by UPN: chat links first, then config entries naming the company. */
  companiesOf(tenantId: string): Promise<{ readonly companyId: string | undefined; readonly companyName: string }[]>;
  /** Resolves a domain once and remembers it. */
  tenantIdOf(domain: string): Promise<string | undefined>;
  /** Every company some link names (chat links by id, config entries by id or name), for commands about all linked tenants. */
  linked(): Promise<{ readonly company: string; readonly account: string | undefined }[]>;
}

/** Thrown when a config entry names a domain Entra does not know: the admin must fix the config. */
export class UnknownTenantDomainError extends Error {
  constructor(readonly domain: string) {
    super(`Microsoft knows no tenant with the domain ${domain}`);
  }
}

export function createTenantLinks(sources: TenantLinkSources): TenantLinks {
  // A failed lookup (Entra unreachable) is not remembered; an answer, even "unknown", is, for an hour.
  const domains = createPromiseCache<string, string | undefined>({ max: 1_000, ttlMs: 60 * 60_000 });

  function tenantIdOf(domain: string): Promise<string | undefined> {
    const key = domain.toLowerCase();
    return domains.get(key, () => sources.resolveTenantId(key));
  }

  const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

  return {
    async find(company) {
      const stored = await sources.store.get(company.id);
      if (stored) return { tenantId: stored.tenantId, domain: stored.domain, source: 'chat', setBy: stored.setBy };
      const entry = sources.configured.find(
        (e) => (e.company === company.id || sameName(e.company, company.name)) && (e.account === undefined || e.account === company.account),
      );
      const ref = entry ? parseTenantRef(entry.tenant) : undefined;
      if (!ref) return undefined;
      if (ref.kind === 'id') return { tenantId: ref.tenantId, domain: undefined, source: 'config' };
      const tenantId = await tenantIdOf(ref.domain);
      if (!tenantId) throw new UnknownTenantDomainError(ref.domain);
      return { tenantId, domain: ref.domain, source: 'config' };
    },

    async set(company, tenant, setBy, at) {
      await sources.store.set({ companyId: company.id, companyName: company.name, account: company.account, tenantId: tenant.tenantId, domain: tenant.domain, setBy }, at);
    },

    async companiesOf(tenantId) {
      const id = tenantId.toLowerCase();
      const stored = await sources.store.list();
      const fromChat = stored.filter((l) => l.tenantId.toLowerCase() === id).map((l) => ({ companyId: l.companyId, companyName: l.companyName ?? l.companyId }));
      const fromConfig: { companyId: string | undefined; companyName: string }[] = [];
      // A company linked in chat is that tenant's only, whatever the config file says.
      const relinked = (entry: { readonly company: string }) => stored.some((l) => l.companyId === entry.company || sameName(l.companyName ?? '', entry.company));
      for (const entry of sources.configured.filter((e) => !relinked(e))) {
        const ref = parseTenantRef(entry.tenant);
        const entryId = ref?.kind === 'id' ? ref.tenantId : ref ? await tenantIdOf(ref.domain).catch(() => undefined) : undefined;
        if (entryId?.toLowerCase() === id) fromConfig.push({ companyId: undefined, companyName: entry.company });
      }
      return [...fromChat, ...fromConfig.filter((c) => !fromChat.some((k) => sameName(k.companyName, c.companyName)))];
    },

    tenantIdOf,

    async linked() {
      const stored = await sources.store.list();
      const fromChat = stored.map((l) => ({ company: l.companyId, account: l.account }));
      const relinked = (entry: { readonly company: string }) => stored.some((l) => l.companyId === entry.company || sameName(l.companyName ?? '', entry.company));
      return [...fromChat, ...sources.configured.filter((e) => !relinked(e)).map((e) => ({ company: e.company, account: e.account }))];
    },
  };
}
