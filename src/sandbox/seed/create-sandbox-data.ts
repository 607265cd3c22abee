import { createPrng, hashSeed } from '../prng.ts';
import { groupBy, type SandboxData } from '../sandbox-data.ts';
import { startOfDayUtc } from '../wire-dates.ts';
import { buildProducts } from './build-products.ts';
import { seedCompanies } from './seed-companies.ts';
import { seedDiscrepancies, seedInvoices } from './seed-invoices.ts';
import { seedOrders } from './seed-orders.ts';
import { seedSubscriptions } from './seed-subscriptions.ts';
import { seedUsageSummaries } from './seed-usage.ts';

/**
 * Generates the whole partner account from `seed`, anchored at the start of the UTC day of `nowMs`:
 * the same seed and day give the same data. Each part draws from its own stream, so changing the
 * number of companies does not reshuffle the product catalog. The catalog comes from `catalogSeed`
 * (default `seed`): Pax8's catalog is global, so the partner accounts of one sandbox share it.
 */
export function createSandboxData(seed: number, companyCount: number, nowMs: number, catalogSeed: number = seed): SandboxData {
  const anchorMs = startOfDayUtc(nowMs);
  const stream = (name: string) => createPrng(hashSeed(seed, name));
  const products = buildProducts(createPrng(hashSeed(catalogSeed, 'products')));
  const companies = seedCompanies(stream('companies'), companyCount, anchorMs);
  const subscriptions = seedSubscriptions(stream('subscriptions'), companies, products, anchorMs);
  const orders = seedOrders(stream('orders'), subscriptions, 'northwind-msp.com');
  const usageIds = new Set(products.filter((p) => p.usageBased).map((p) => p.id));
  const usageSummaries = seedUsageSummaries(stream('usage'), subscriptions, usageIds);
  const data: SandboxData = {
    seed,
    anchorMs,
    partnerName: 'Northwind MSP',
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
    discrepancies: [],
    discrepanciesByInvoice: new Map(),
    usageSummaries,
    usageSummariesById: new Map(usageSummaries.map((u) => [u.id, u])),
    usageSummariesBySubscription: groupBy(usageSummaries, (u) => u.subscriptionId),
    ids: stream('writes'),
    nextLifecycleAt: anchorMs,
  };
  data.invoices = seedInvoices(stream('invoices'), data);
  data.invoicesById = new Map(data.invoices.map((i) => [i.id, i]));
  data.discrepancies = seedDiscrepancies(stream('discrepancies'), data, companies);
  data.discrepanciesByInvoice = groupBy(data.discrepancies, (d) => d.invoiceId);
  return data;
}
