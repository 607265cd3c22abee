import type { Logger } from '../log.ts';
import { collect, type Company, type Product, type Subscription, unlessMissing } from '../pax8/index.ts';
import type { Clock } from '../util/clock.ts';
import { type CachedList, createCachedList } from './cached-list.ts';
import { type MatchResult, pickMatch } from './fuzzy-match.ts';
import type { InAccount, Pax8Accounts } from './ports.ts';

/** Longest lists the resolver keeps; a partner with more companies than this is told to use ids. */
const maxCompanies = 20_000;
const maxProducts = 20_000;
/** A Pax8 id (a UUID): typed in full, it names one record and is looked up rather than matched. */
export const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Turns names people type into Pax8 companies, products and subscriptions, in every account. */
export interface Resolver {
  /** Every account's companies, the default account's first; only `account`'s when it is given. */
  companies(account?: string): Promise<readonly InAccount<Company>[]>;
  /** The catalogue as `account` (default: the default account) sees it. */
  products(account?: string): Promise<readonly Product[]>;
  /** A company by id or name, across the accounts (or in `account`); a name in two accounts is ambiguous. */
  company(text: string, account?: string): Promise<MatchResult<InAccount<Company>>>;
  product(text: string, account?: string): Promise<MatchResult<Product>>;
  /** A subscription of a company, by id or by product name, read from the company's account. */
  subscription(company: { readonly id: string; readonly account: string }, text: string): Promise<MatchResult<InAccount<Subscription>>>;
  /** Reloads the cached lists now (e.g. at start, or on a timer). */
  refresh(): Promise<void>;
  /** Reloads one account's cached lists now (Pax8 said something changed there). */
  refreshAccount(account: string): Promise<void>;
}

export interface ResolverOptions {
  readonly pax8: Pax8Accounts;
  readonly clock: Clock;
  readonly log: Logger;
  /** How long a list is used before a background reload (default 15 minutes). */
  readonly ttlMs?: number;
}

/**
 * Name resolution with cached company and product lists, one pair per Pax8 account, loaded when
 * first needed. Pax8 has no name filter for companies, so each list is read in full (all pages) and
 * matched locally; an id typed in full always wins, and an id not in the cache yet (a company
 * created a minute ago) is asked of each account in turn.
 */
export function createResolver(options: ResolverOptions): Resolver {
  const { pax8, clock, log } = options;
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  const lists = new Map<string, { companies: CachedList<InAccount<Company>>; products: CachedList<Product> }>();
  const listsOf = (account: string) => {
    let found = lists.get(account);
    if (!found) {
      const reads = pax8.get(account);
      found = {
        companies: createCachedList({
          name: `companies (${account})`,
          load: async () => (await collect(reads.companies.list(), { max: maxCompanies })).map((c) => ({ ...c, account })),
          clock,
          log,
          ttlMs,
        }),
        products: createCachedList({ name: `products (${account})`, load: () => collect(reads.products.list(), { max: maxProducts }), clock, log, ttlMs }),
      };
      lists.set(account, found);
    }
    return found;
  };
  const accountsFor = (account: string | undefined): readonly string[] => (account === undefined ? pax8.names : [account]);
  const defaultAccount = (): string => pax8.names[0] ?? 'default';
  const companies = async (account?: string): Promise<readonly InAccount<Company>[]> => {
    const lists = await Promise.all(accountsFor(account).map((a) => listsOf(a).companies.get()));
    return lists.length === 1 && lists[0] ? lists[0] : lists.flat();
  };

  return {
    companies,
    products: (account) => listsOf(account ?? defaultAccount()).products.get(),
    async company(text, account) {
      const match = pickMatch(text, await companies(account), (c) => c.id, (c) => [c.name, c.externalId ?? '']);
      if (match.kind === 'match' || !uuidLike.test(text.trim())) return match;
      for (const name of accountsFor(account)) {
        const found = await unlessMissing(pax8.get(name).companies.get(text.trim()));
        if (found) return { kind: 'match', item: { ...found, account: name }, score: 1 };
      }
      return match;
    },
    async product(text, account) {
      const names = (p: Product): string[] => [p.name, p.sku ?? '', p.vendorSku ?? '', p.altVendorSku ?? ''];
      const name = account ?? defaultAccount();
      const match = pickMatch(text, await listsOf(name).products.get(), (p) => p.id, names);
      if (match.kind === 'match' || !uuidLike.test(text.trim())) return match;
      const found = await unlessMissing(pax8.get(name).products.get(text.trim()));
      return found ? { kind: 'match', item: found, score: 1 } : match;
    },
    async subscription(company, text) {
      const subs = await collect(pax8.get(company.account).subscriptions.list({ companyId: company.id }), { max: 5000 });
      return pickMatch(
        text,
        subs.map((s) => ({ ...s, account: company.account })),
        (s) => s.id,
        (s) => [s.productName ?? ''],
      );
    },
    async refresh() {
      await Promise.all(pax8.names.flatMap((a) => [listsOf(a).companies.refresh(), listsOf(a).products.refresh()]));
    },
    async refreshAccount(account) {
      if (!pax8.names.includes(account)) return;
      await listsOf(account).companies.refresh();
    },
  };
}
