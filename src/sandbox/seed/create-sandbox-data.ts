import { createPrng, hashSeed } from '../prng.ts';
import { groupBy, type SandboxData } from '../sandbox-data.ts';
import { startOfDayUtc } from '../wire-dates.ts';
import { buildProducts } from './build-products.ts';
import { seedCompanies } from './seed-companies.ts';
import { seedInvoices } from '../billing/issue-invoices.ts';
import { seedDiscrepancies } from '../billing/seed-discrepancies.ts';
import { seedOneTimePurchases } from './seed-one-time.ts';
import { seedOrders } from './seed-orders.ts';
import { seedSubscriptions } from './seed-subscriptions.ts';
import { seedUsageSummaries } from './seed-usage.ts';

/**
 * Generates the whole partner account from `seed`, anchored at the start of the UTC day of `nowMs`:
 * the same seed and day give the same data. Each part draws from its own stream, so changing the
 * number of companies does not reshuffle the product catalog. The catalog comes from `catalogSeed`
 * (default `seed`): Pax8's catalog is global, so the partner accounts of one sandbox share it. Every
 * amount is in `currencyCode`, the partner account's currency.
 */
export function createSandboxData(seed: number, companyCount: number, nowMs: number, catalogSeed: number = seed, currencyCode = 'USD'): SandboxData {
  const anchorMs = startOfDayUtc(nowMs);
  const stream = (name: string) => createPrng(hashSeed(seed, name));
  const products = buildProducts(createPrng(hashSeed(catalogSeed, 'products')));
  const companies = seedCompanies(stream('companies'), companyCount, anchorMs);
  const subscriptions = [
    ...seedSubscriptions(stream('subscriptions'), companies, products, anchorMs, currencyCode),
    ...seedOneTimePurchases(stream('one-time'), companies, products, anchorMs, currencyCode),
  ];
  const orders = seedOrders(stream('orders'), subscriptions, 'northwind-msp.com');
  const usageIds = new Set(products.filter((p) => p.usageBased).map((p) => p.id));
  const usageSummaries = seedUsageSummaries(stream('usage'), subscriptions, usageIds);
  const data: SandboxData = {
    seed,
    anchorMs,
    partnerName: 'Northwind MSP',
    currencyCode,
    products,
    productsById: new Map(products.map((p) => [p.id, p])),
    companies,
    companiesById: new Map(companies.map((c) => [c.id, c])),
    subscriptions,
    subscriptionsById: new Map(subscriptions.map((s) => [s.id, s])),
    subscriptionsByCompany: groupBy(subscriptions, (s) => s.companyId),
    orders,
    ordersById: new Map(orders.map((o) => [o.id, o])),
    invoices: [],
    invoicesById: new Map(),
    invoicedThrough: anchorMs,
    discrepancies: [],
    discrepanciesByInvoice: new Map(),
    usageSummaries,
    usageSummariesById: new Map(usageSummaries.map((u) => [u.id, u])),
    usageSummariesBySubscription: groupBy(usageSummaries, (u) => u.subscriptionId),
    ids: stream('writes'),
    nextLifecycleAt: anchorMs,
  };
  seedInvoices(data);
  seedDiscrepancies(data);
  return data;
}
