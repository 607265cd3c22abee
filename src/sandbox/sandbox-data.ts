import type { Company, Discrepancy, Invoice, Order, Product, Subscription, UsageSummary } from './model.ts';
import type { Prng } from './prng.ts';

/**
 * Everything the sandbox knows, indexed for the routes. Mutated by write routes and by the lazy
 * lifecycle; invoice items and usage lines are derived on demand so 20,000 subscriptions stay cheap.
 */
export interface SandboxData {
  seed: number;
  anchorMs: number;
  partnerName: string;
  /** The partner account's currency: Pax8 bills a partner in one currency, so every amount is in it. */
  currencyCode: string;
  products: Product[];
  productsById: Map<string, Product>;
  companies: Company[];
  companiesById: Map<string, Company>;
  subscriptions: Subscription[];
  subscriptionsById: Map<string, Subscription>;
  subscriptionsByCompany: Map<string, Subscription[]>;
  orders: Order[];
  ordersById: Map<string, Order>;
  /** Newest first. */
  invoices: Invoice[];
  invoicesById: Map<string, Invoice>;
  /** First day of the latest month invoiced; the next month's invoices appear when the clock passes its 1st. */
  invoicedThrough: number;
  /** Planted invoice errors, in the order planted. */
  discrepancies: Discrepancy[];
  discrepanciesByInvoice: Map<string, Discrepancy[]>;
  usageSummaries: UsageSummary[];
  usageSummariesById: Map<string, UsageSummary>;
  usageSummariesBySubscription: Map<string, UsageSummary[]>;
  /** Ids for records created by writes: seeded too, so runs are repeatable. */
  ids: Prng;
  /** Earliest sandbox time at which the lifecycle has work to do. */
  nextLifecycleAt: number;
}

/** Adds a subscription to every index. */
export function indexSubscription(data: SandboxData, sub: Subscription): void {
  data.subscriptions.push(sub);
  data.subscriptionsById.set(sub.id, sub);
  const list = data.subscriptionsByCompany.get(sub.companyId);
  if (list) list.push(sub);
  else data.subscriptionsByCompany.set(sub.companyId, [sub]);
}

/** Groups records by a key, for the one-to-many indexes. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
