import type { Company } from '../model.ts';
import { createPrng, hashSeed } from '../prng.ts';
import type { RateLimiter } from '../rate-limit.ts';
import type { SandboxAccount } from '../sandbox-runtime.ts';
import { seedTenantUsers } from '../seed/seed-tenant-users.ts';
import { createTenant } from '../seed/seed-tenants.ts';
import { createWritesLog, type LoggedWrite } from '../writes-log.ts';
import { commerceSubscriptions } from './commerce-view.ts';
import { createGraphTokenStore } from './graph-tokens.ts';
import type { GraphUser, Tenant, TenantUsers } from './tenant-model.ts';

/** How the Microsoft half behaves; from `startSandbox` options. */
export interface MicrosoftSettings {
  /** The MSP's multi-tenant app (`MICROSOFT_CLIENT_ID` / `MICROSOFT_CLIENT_SECRET` of the bot). */
  clientId: string;
  clientSecret: string;
  /** Sandbox time between a Pax8 change and the tenant showing it. */
  provisioningDelayMs: number;
  /** Graph calls per 10 s per tenant before 429; 0 = unlimited. */
  rateLimit: number;
  /** Sandbox time before licensing sees a changed `usageLocation` (Graph replication). */
  usageLocationDelayMs: number;
}

/** One Graph write as it reached "Microsoft", with the tenant of its token (null without a valid one). */
export interface GraphWriteEntry extends LoggedWrite {
  tenantId: string | null;
}

/**
 * Everything the sandbox knows about Microsoft: the tenants (one per company holding Microsoft
 * subscriptions, in every partner account), their tokens, the Graph writes log, the per-tenant
 * rate limits, and where the sandbox answers (for `issuer` and `@odata.nextLink`).
 */
export function createMicrosoftState(settings: MicrosoftSettings, seed: number, nowMs: () => number) {
  return {
    settings,
    tenants: [] as Tenant[],
    byId: new Map<string, Tenant>(),
    byDomain: new Map<string, Tenant>(),
    byCompany: new Map<string, Tenant>(),
    /** Per account: how many of its subscriptions were already looked at for new tenants. */
    synced: new Map<string, number>(),
    tokens: createGraphTokenStore(nowMs),
    writes: createWritesLog<GraphWriteEntry>(),
    limiters: new Map<string, RateLimiter>(),
    /** Ids of users created through Graph: seeded too, so runs are repeatable. */
    ids: createPrng(hashSeed(seed, 'graph-writes')),
    /** `http://host:port` once the server listens. */
    baseUrl: '',
  };
}

export type MicrosoftState = ReturnType<typeof createMicrosoftState>;

const companyKey = (clientId: string, companyId: string): string => `${clientId}|${companyId}`;

function register(ms: MicrosoftState, tenant: Tenant): void {
  ms.tenants.push(tenant);
  ms.byId.set(tenant.id, tenant);
  ms.byCompany.set(companyKey(tenant.accountClientId, tenant.companyId), tenant);
  for (const d of tenant.domains) ms.byDomain.set(d.name.toLowerCase(), tenant);
}

/**
 * Creates the tenants of companies that got their first Microsoft subscription since the last call
 * (the seeded ones on the first call, with `seeded`; later, companies a Pax8 order made Microsoft
 * customers). Only subscriptions added since the last call are looked at, so it is cheap per request.
 */
export function syncTenants(ms: MicrosoftState, accounts: readonly SandboxAccount[], seeded = false): void {
  for (const account of accounts) {
    const { data } = account;
    const from = ms.synced.get(account.clientId) ?? 0;
    for (let i = from; i < data.subscriptions.length; i++) {
      const sub = data.subscriptions[i];
      if (!sub || data.productsById.get(sub.productId)?.vendorName !== 'Microsoft') continue;
      if (ms.byCompany.has(companyKey(account.clientId, sub.companyId))) continue;
      const company = data.companiesById.get(sub.companyId);
      if (!company) continue;
      const names = { idTaken: (id: string) => ms.byId.has(id), domainTaken: (name: string) => ms.byDomain.has(name.toLowerCase()) };
      register(ms, createTenant({ accountSeed: data.seed, accountClientId: account.clientId, company, firstSubscription: sub, seeded, anchorMs: data.anchorMs }, names));
    }
    ms.synced.set(account.clientId, data.subscriptions.length);
  }
}

/**
 * Marks the exceptions among account 1's seeded tenants so tests and demos can reach them: the last
 * one has not consented the app, the one before it consented read permissions only.
 */
export function seedConsentExceptions(ms: MicrosoftState, firstAccountClientId: string): void {
  const own = ms.tenants.filter((t) => t.accountClientId === firstAccountClientId && t.seeded);
  const notConsented = own.length >= 2 ? own[own.length - 1] : undefined;
  const readOnly = own.length >= 3 ? own[own.length - 2] : undefined;
  if (notConsented) notConsented.consented = false;
  if (readOnly) readOnly.permissions = ['Organization.Read.All', 'User.Read.All'];
}

/** A tenant by id or by any of its verified domains (case-insensitive). */
export function findTenant(ms: MicrosoftState, idOrDomain: string): Tenant | undefined {
  const key = idOrDomain.trim().toLowerCase();
  return ms.byId.get(key) ?? ms.byDomain.get(key);
}

/** The Pax8 partner account whose company the tenant belongs to. */
export function accountOfTenant(accounts: readonly SandboxAccount[], tenant: Tenant): SandboxAccount | undefined {
  return accounts.find((a) => a.clientId === tenant.accountClientId);
}

/** The Pax8 company the tenant belongs to (its name and address are the organization's). */
export function companyOfTenant(account: SandboxAccount | undefined, tenant: Tenant): Company | undefined {
  return account?.data.companiesById.get(tenant.companyId);
}

/** Adds a user to the tenant's indexes. */
export function addUser(users: TenantUsers, user: GraphUser): void {
  users.list.push(user);
  users.byId.set(user.id, user);
  users.byUpn.set(user.userPrincipalName.toLowerCase(), user);
}

/**
 * The tenant's users, seeded on first use from the seats the tenant had at the sandbox's anchor
 * time (so they do not depend on when they are first asked for).
 */
export function tenantUsers(tenant: Tenant, account: SandboxAccount): TenantUsers {
  if (tenant.users) return tenant.users;
  const { data } = account;
  const seats = new Map<string, number>();
  for (const sub of commerceSubscriptions(tenant, data, data.anchorMs)) {
    if (sub.status === 'Enabled' || sub.status === 'Warning') seats.set(sub.skuId, (seats.get(sub.skuId) ?? 0) + sub.units);
  }
  const users: TenantUsers = { list: [], byId: new Map(), byUpn: new Map() };
  for (const user of seedTenantUsers(tenant, seats, data.anchorMs)) addUser(users, user);
  tenant.users = users;
  return users;
}
