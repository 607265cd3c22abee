import type { Dispatcher } from 'undici';
import type { Logger } from 'pino';
import { createSilentLogger } from '../log.ts';
import { systemClock, type Clock } from '../util/clock.ts';
import type { Secret } from '../util/secret.ts';
import { createConcurrencyLimit } from '../http/concurrency-limit.ts';
import { crawlPageSize } from './paginate.ts';
import { createSlidingWindowLimiter, type RateBudget } from './rate-limiter.ts';
import { createRequester } from './request.ts';
import { createCompaniesResource, createContactsResource, type CompaniesResource, type ContactsResource } from './resources/companies.ts';
import { createInvoicesResource, type InvoicesResource } from './resources/invoices.ts';
import { createOrdersResource, type OrdersResource } from './resources/orders.ts';
import { createProductsResource, type ProductsResource } from './resources/products.ts';
import { createSubscriptionsResource, type SubscriptionsResource } from './resources/subscriptions.ts';
import { createUsageResource, type UsageResource } from './resources/usage.ts';
import { resolveRetryPolicy, type RetryPolicy } from '../http/retry-policy.ts';
import { createTokenManager } from './token-manager.ts';
import type { CallObserver } from '../http/call-observer.ts';

export interface Pax8ClientOptions {
  readonly baseUrl: string;
  readonly tokenUrl: string;
  readonly audience: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
  /** undici dispatcher; tests pass a `MockAgent`. */
  readonly dispatcher?: Dispatcher;
  readonly log?: Logger;
  /** Calls per minute allowed by the client-side limiter (Pax8: 1000). Ignored when `rateBudget` is given. */
  readonly rateLimitPerMinute?: number;
  /** A shared budget (e.g. PostgreSQL-backed, so replicas share Pax8's per-account limit). */
  readonly rateBudget?: RateBudget;
  /** Per-request deadline, headers and body included. */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
  /** Guard against endless lists. */
  readonly maxPages?: number;
  /** Pages of one list fetched at once after the first. */
  readonly pageConcurrency?: number;
  /**
   * Page size of the whole-account crawls (every subscription, every invoice item), 1 to 1000;
   * default {@link crawlPageSize} (1000), the fewest calls. 200 keeps to the documented maximum.
   */
  readonly crawlPageSize?: number;
  /** Requests of this client in flight at once, across all callers. */
  readonly maxConcurrency?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Told about every call attempt, token requests included (route template and status), for `/metrics`. */
  readonly onCall?: CallObserver;
}

/** A typed client for one Pax8 partner account; see {@link createPax8Client}. */
export interface Pax8Client {
  readonly companies: CompaniesResource;
  readonly contacts: ContactsResource;
  readonly products: ProductsResource;
  readonly orders: OrdersResource;
  readonly subscriptions: SubscriptionsResource;
  readonly invoices: InvoicesResource;
  readonly usage: UsageResource;
  /**
   * Resolves once the account has a token (the cached one while it lasts, else a fresh one) and
   * throws the refusal when Pax8 will not issue one: `/readyz` asks it. The token itself stays inside.
   */
  ensureToken(): Promise<void>;
}

/**
 * The Pax8 partner API client (https://devx.pax8.com/reference): tokens cached and refreshed,
 * every call under the account's rate budget, reads retried, writes sent once, every answer
 * validated with zod. Transport, clock and logger are injected so tests run against a `MockAgent`
 * or the sandbox.
 */
export function createPax8Client(options: Pax8ClientOptions): Pax8Client {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createSilentLogger();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const budget = options.rateBudget ?? createSlidingWindowLimiter({ limit: options.rateLimitPerMinute ?? 1000, clock });
  const tokens = createTokenManager({
    tokenUrl: options.tokenUrl,
    audience: options.audience,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    clock,
    log,
    timeoutMs,
    dispatcher: options.dispatcher,
    budget,
    onCall: options.onCall,
  });
  const request = createRequester({
    baseUrl: options.baseUrl,
    tokens,
    budget,
    inFlight: createConcurrencyLimit(options.maxConcurrency ?? 8),
    policy: resolveRetryPolicy(options.retry),
    timeoutMs,
    clock,
    log,
    dispatcher: options.dispatcher,
    onCall: options.onCall,
  });
  const size = options.crawlPageSize ?? crawlPageSize;
  if (!Number.isInteger(size) || size < 1 || size > crawlPageSize) throw new RangeError(`crawlPageSize must be a whole number from 1 to ${crawlPageSize}`);
  const ctx = { request, maxPages: options.maxPages ?? 1000, pageConcurrency: options.pageConcurrency ?? 4, crawlPageSize: size };
  return {
    companies: createCompaniesResource(ctx),
    contacts: createContactsResource(ctx),
    products: createProductsResource(ctx),
    orders: createOrdersResource(ctx),
    subscriptions: createSubscriptionsResource(ctx),
    invoices: createInvoicesResource(ctx),
    usage: createUsageResource(ctx),
    ensureToken: async () => void (await tokens.get()),
  };
}
