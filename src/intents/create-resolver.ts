import type { Logger } from '../log.ts';
import { collect, type Company, type Product, type Subscription } from '../pax8/index.ts';
import type { Clock } from '../util/clock.ts';
import { createCachedList } from './cached-list.ts';
import { type MatchResult, pickMatch } from './fuzzy-match.ts';
import type { Pax8Reads } from './ports.ts';

/** Longest lists the resolver keeps; a partner with more companies than this is told to use ids. */
const maxCompanies = 20_000;
const maxProducts = 20_000;
/** A Pax8 id (a UUID): typed in full, it names one record and is looked up rather than matched. */
export const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Turns names people type into Pax8 companies, products and subscriptions. */
export interface Resolver {
  companies(): Promise<readonly Company[]>;
  products(): Promise<readonly Product[]>;
  company(text: string): Promise<MatchResult<Company>>;
  product(text: string): Promise<MatchResult<Product>>;
  /** A subscription of a company, by id or by product name. */
  subscription(companyId: string, text: string): Promise<MatchResult<Subscription>>;
  /** Reloads the cached lists now (e.g. at start, or on a timer). */
  refresh(): Promise<void>;
}

export interface ResolverOptions {
  readonly pax8: Pax8Reads;
  readonly clock: Clock;
  readonly log: Logger;
  /** How long a list is used before a background reload (default 15 minutes). */
  readonly ttlMs?: number;
}

/**
 * Name resolution with cached company and product lists. Pax8 has no name filter for companies,
 * so the list is read in full (all pages) and matched locally; an id typed in full always wins,
 * and an id not in the cache yet (a company created a minute ago) is fetched directly.
 */
export function createResolver(options: ResolverOptions): Resolver {
  const { pax8, clock, log } = options;
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  const companies = createCachedList({ name: 'companies', load: () => collect(pax8.companies.list(), { max: maxCompanies }), clock, log, ttlMs });
  const products = createCachedList({ name: 'products', load: () => collect(pax8.products.list(), { max: maxProducts }), clock, log, ttlMs });

  return {
    companies: () => companies.get(),
    products: () => products.get(),
    async company(text) {
      const match = pickMatch(text, await companies.get(), (c) => c.id, (c) => [c.name, c.externalId ?? '']);
      if (match.kind === 'match' || !uuidLike.test(text.trim())) return match;
      return fetchById(() => pax8.companies.get(text.trim()), match);
    },
    async product(text) {
      const names = (p: Product): string[] => [p.name, p.sku ?? '', p.vendorSku ?? '', p.altVendorSku ?? ''];
      const match = pickMatch(text, await products.get(), (p) => p.id, names);
      if (match.kind === 'match' || !uuidLike.test(text.trim())) return match;
      return fetchById(() => pax8.products.get(text.trim()), match);
    },
    async subscription(companyId, text) {
      const subs = await collect(pax8.subscriptions.list({ companyId }), { max: 5000 });
      return pickMatch(text, subs, (s) => s.id, (s) => [s.productName ?? '']);
    },
    async refresh() {
      await Promise.all([companies.refresh(), products.refresh()]);
    },
  };
}

/** An id that is not in the cached list: ask Pax8; a 404 keeps the "unknown" answer. */
async function fetchById<T>(get: () => Promise<T>, fallback: MatchResult<T>): Promise<MatchResult<T>> {
  try {
    return { kind: 'match', item: await get(), score: 1 };
  } catch (error) {
    if (error instanceof Error && 'status' in error && error.status === 404) return fallback;
    throw error;
  }
}
