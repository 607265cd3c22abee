/**
 * Which Microsoft SKU each Pax8 subscription is. Pax8 says it only on the single GET of a
 * subscription (`vendorSkuId` = Graph `skuId`, `vendorSubscriptionId` = Graph
 * `commerceSubscriptionId`; GRAPH-NOTES "Licence arithmetic"), not in lists, so `licenses` reads
 * each subscription once and keeps its ids: they never change for a subscription. An answer
 * without a `vendorSkuId` (another vendor's product, or one still provisioning) is asked again
 * after a while.
 */
import { createConcurrencyLimit } from '../http/concurrency-limit.ts';
import { collect, holdsSeats, type Subscription } from '../pax8/index.ts';
import type { Clock } from '../util/clock.ts';
import type { Pax8Licence } from './licence-picture.ts';
import type { Pax8Accounts } from './ports.ts';
import { iso } from './view-helpers.ts';
import { createPromiseCache } from '../util/ttl-cache.ts';

/** An account's catalogue as far as vendors go (the resolver's cached product list). */
export type ProductCatalogue = (account: string) => Promise<readonly { readonly id: string; readonly vendorName?: string | null | undefined }[]>;

/** A company's Pax8 subscriptions that hold seats, each with its Microsoft ids. */
export interface Pax8SkuLinks {
  /** The company's Microsoft subscriptions holding seats (other vendors' are left out when the catalogue says so). */
  licencesOf(company: { readonly id: string; readonly account: string }): Promise<{ readonly licences: Pax8Licence[] }>;
  /** Drops what is remembered of a subscription (Pax8 said it changed): the next `licenses` reads it again. */
  forget(account: string, subscriptionId: string): void;
}

interface VendorIds {
  readonly vendorSkuId: string | null;
  readonly vendorSubscriptionId: string | null;
}

export interface Pax8SkuLinksOptions {
  readonly pax8: Pax8Accounts;
  readonly clock: Clock;
  /** Single GETs in flight at once, across every `licenses` running (the client has its own limit too). */
  readonly concurrency?: number;
  /** Subscriptions remembered; the oldest are forgotten past this. */
  readonly maxEntries?: number;
  /** How long an answer without a `vendorSkuId` is believed. */
  readonly unlinkedTtlMs?: number;
  /**
   * The account's catalogue (the resolver's cached list), to leave other vendors' subscriptions out:
   * only Microsoft products have a licence in the tenant. Without it every subscription is read.
   */
  readonly products?: ProductCatalogue | undefined;
}

/** Whether a vendor is Microsoft, as Pax8's catalogue names it. */
const isMicrosoft = (vendorName: string | null | undefined): boolean => /microsoft/i.test(vendorName ?? '');

/** Most subscriptions of one company read for `licenses`. */
const maxSubscriptions = 2000;

/** A Pax8 subscription as the licence picture takes it. */
export function toPax8Licence(s: Subscription, ids: VendorIds): Pax8Licence {
  return {
    id: s.id,
    productName: s.productName ?? s.productId ?? '(unknown product)',
    quantity: s.quantity ?? null,
    status: s.status ?? null,
    billingTerm: s.billingTerm ?? null,
    commitmentTerm: s.commitment?.term ?? null,
    commitmentEndDate: iso(s.commitment?.endDate),
    vendorSkuId: ids.vendorSkuId,
    vendorSubscriptionId: ids.vendorSubscriptionId,
  };
}

export function createPax8SkuLinks(options: Pax8SkuLinksOptions): Pax8SkuLinks {
  const limit = createConcurrencyLimit(options.concurrency ?? 8);
  const maxEntries = options.maxEntries ?? 50_000;
  const unlinkedTtlMs = options.unlinkedTtlMs ?? 10 * 60_000;
  // An answer without the SKU is believed for a while only: the subscription may still be provisioning.
  // A failed read is not remembered.
  const known = createPromiseCache<string, VendorIds>({
    max: maxEntries,
    ttlMs: Number.POSITIVE_INFINITY,
    ttlFor: (found) => (found.vendorSkuId ? Number.POSITIVE_INFINITY : unlinkedTtlMs),
    now: () => options.clock.now().getTime(),
  });

  function idsOf(account: string, s: Subscription): Promise<VendorIds> {
    // The list may carry them already (Pax8 may add them one day); then no GET is needed.
    if (s.vendorSkuId) return Promise.resolve({ vendorSkuId: s.vendorSkuId, vendorSubscriptionId: s.vendorSubscriptionId ?? null });
    return known.get(`${account}\u0000${s.id}`, () =>
      limit
        .run(() => options.pax8.get(account).subscriptions.get(s.id))
        .then((full) => ({ vendorSkuId: full.vendorSkuId ?? null, vendorSubscriptionId: full.vendorSubscriptionId ?? null })),
    );
  }

  return {
    async licencesOf(company) {
      const [subs, products] = await Promise.all([
        collect(options.pax8.get(company.account).subscriptions.list({ companyId: company.id }), { max: maxSubscriptions }),
        options.products?.(company.account),
      ]);
      const vendorOf = new Map((products ?? []).map((p) => [p.id, p.vendorName]));
      // A product the catalogue does not list (new, or the list was cut) is read rather than guessed.
      const microsoft = (s: Subscription) => !products || !s.productId || !vendorOf.has(s.productId) || isMicrosoft(vendorOf.get(s.productId)) || Boolean(s.vendorSkuId);
      const licences = await Promise.all(subs.filter((s) => holdsSeats(s) && microsoft(s)).map(async (s) => toPax8Licence(s, await idsOf(company.account, s))));
      return { licences };
    },
    forget(account, subscriptionId) {
      known.delete(`${account}\u0000${subscriptionId}`);
    },
  };
}
