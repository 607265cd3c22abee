import type { Company, Subscription } from '../model.ts';
import { consentedPermissions, type ElsewhereSubscription, type Tenant, type VerifiedDomain } from '../m365/tenant-model.ts';
import { createPrng, hashSeed, type Prng } from '../prng.ts';
import { DAY_MS } from '../wire-dates.ts';
import { skuByPartNumber } from './microsoft-skus.ts';

/** What a new tenant must not collide with: ids and domains of the tenants already known. */
export interface TenantNames {
  idTaken(id: string): boolean;
  domainTaken(name: string): boolean;
}

/** What a tenant is made from: its company, the company's first Microsoft subscription, the account's seed. */
export interface NewTenantInput {
  /** Seed and client id of the Pax8 account the company belongs to. */
  accountSeed: number;
  accountClientId: string;
  company: Company;
  /** The first Microsoft subscription of the company: its time and its order's tenant details. */
  firstSubscription: Subscription;
  /** Seeded with the sandbox: custom domain, purchases elsewhere and a populated directory. */
  seeded: boolean;
  anchorMs: number;
}

const MAX_PREFIX = 27;

/** `summit-dental-llc-1.com` → `summitdentalllc1`: an `.onmicrosoft.com` prefix (letters and digits). */
function prefixFrom(company: Company): string {
  const source = company.website?.replace(/\.[a-z]+$/i, '') ?? company.name;
  const prefix = source.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, MAX_PREFIX);
  return prefix === '' ? 'tenant' : prefix;
}

function initialDomainName(input: NewTenantInput, names: TenantNames): string {
  const wanted = input.firstSubscription.tenantHint?.domainPrefix?.replace(/[^a-z0-9-]/g, '') || prefixFrom(input.company);
  for (let n = 0; ; n++) {
    const suffix = n === 0 ? '' : String(n + 1);
    const name = `${wanted.slice(0, MAX_PREFIX - suffix.length)}${suffix}.onmicrosoft.com`;
    if (!names.domainTaken(name)) return name;
  }
}

function domainsFor(prng: Prng, input: NewTenantInput, names: TenantNames): VerifiedDomain[] {
  const initial = initialDomainName(input, names);
  const custom = input.company.website?.toLowerCase();
  // Most seeded customers use their own domain; a new tenant (or a taken domain) has only the initial one.
  if (!input.seeded || custom === undefined || names.domainTaken(custom) || !prng.chance(0.85)) {
    return [{ name: initial, isDefault: true, isInitial: true }];
  }
  return [{ name: custom, isDefault: true, isInitial: false }, { name: initial, isDefault: false, isInitial: true }];
}

/**
 * Commerce subscriptions bought outside Pax8, so the bot has licences to show that no Pax8
 * subscription explains: the free Power Automate SKU most tenants carry, a licence bought directly
 * from Microsoft, and sometimes a trial that lapsed (seats in `warning`, later `suspended`).
 */
function elsewhereFor(prng: Prng, anchorMs: number, createdAt: number): ElsewhereSubscription[] {
  const list: ElsewhereSubscription[] = [];
  const since = (maxDays: number) => Math.max(createdAt, anchorMs - prng.int(30, maxDays) * DAY_MS);
  if (prng.chance(0.4)) {
    list.push({ commerceSubscriptionId: prng.uuid(), skuId: skuByPartNumber('FLOW_FREE').skuId, quantity: 10_000, createdAt: since(900), isTrial: false, termMonths: 12 });
  }
  if (prng.chance(0.25)) {
    const partNumber = prng.pick(['ATP_ENTERPRISE', 'AAD_PREMIUM', 'O365_BUSINESS', 'POWER_BI_PRO']);
    list.push({ commerceSubscriptionId: prng.uuid(), skuId: skuByPartNumber(partNumber).skuId, quantity: prng.int(1, 10), createdAt: since(700), isTrial: false, termMonths: 12 });
  }
  if (prng.chance(0.15)) {
    const partNumber = prng.pick(['Microsoft_365_Copilot', 'POWER_BI_PRO', 'ENTERPRISEPREMIUM']);
    const lapsedAt = anchorMs - prng.int(2, 100) * DAY_MS;
    list.push({ commerceSubscriptionId: prng.uuid(), skuId: skuByPartNumber(partNumber).skuId, quantity: 25, createdAt: Math.min(lapsedAt - 30 * DAY_MS, since(400)), isTrial: true, termMonths: 1, lapsedAt });
  }
  return list;
}

/**
 * The Entra tenant of a company that holds Microsoft subscriptions. Everything is drawn from the
 * company's own stream of the account seed, so a tenant is the same whenever it is created. Its id
 * is the order's `msTenantId` when one was given (and is free); its initial domain follows `msDomain`.
 */
export function createTenant(input: NewTenantInput, names: TenantNames): Tenant {
  const prng = createPrng(hashSeed(input.accountSeed, 'tenant', input.company.id));
  const drawnId = prng.uuid();
  const hinted = input.firstSubscription.tenantHint?.tenantId;
  const id = hinted !== undefined && !names.idTaken(hinted) ? hinted : drawnId;
  const createdAt = input.seeded ? input.firstSubscription.createdAt - prng.int(1, 30) * DAY_MS : input.firstSubscription.createdAt;
  const domains = domainsFor(prng, input, names);
  return {
    id,
    displayName: input.company.name,
    accountClientId: input.accountClientId,
    companyId: input.company.id,
    countryLetterCode: input.company.address.country ?? 'US',
    createdAt,
    domains,
    consented: true,
    permissions: [...consentedPermissions],
    elsewhere: input.seeded ? elsewhereFor(prng, input.anchorMs, createdAt) : [],
    seed: hashSeed(input.accountSeed, 'tenant-users', input.company.id),
    seeded: input.seeded,
    seedContacts: input.seeded ? input.company.contacts.map(({ firstName, lastName, email }) => ({ firstName, lastName, email })) : [],
  };
}
