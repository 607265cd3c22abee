import type { Logger } from '../log.ts';
import type { CompaniesResource, ContactsResource, CreateOrderInput, Order, OrdersResource, ProductsResource, SubscriptionsResource } from '../pax8/index.ts';
import type { Clock } from '../util/clock.ts';
import type { ApprovalsPort } from './approvals-port.ts';
import type { Resolver } from './create-resolver.ts';

/**
 * The Pax8 calls the intent layer may make: reads, and the order dry run. The type of
 * `orders.create` only accepts `{ isMock: true }`, so no intent can place a real order; real writes
 * happen in the approvals engine after a human approved them.
 */
export interface Pax8Reads {
  readonly companies: Pick<CompaniesResource, 'list' | 'get'>;
  readonly contacts: Pick<ContactsResource, 'list'>;
  readonly products: Pick<ProductsResource, 'list' | 'get' | 'provisionDetails' | 'dependencies' | 'pricing'>;
  readonly orders: Pick<OrdersResource, 'list' | 'get'> & { create(order: CreateOrderInput, options: { isMock: true }): Promise<Order> };
  readonly subscriptions: Pick<SubscriptionsResource, 'list' | 'get' | 'history'>;
}

/**
 * Every configured Pax8 partner account (config `pax8.instances`). A company belongs to the account
 * that returned it, and every read or dry run about it goes to that account's client (its own token
 * and rate budget).
 */
export interface Pax8Accounts {
  /** The accounts' names, the default account first. */
  readonly names: readonly string[];
  /** The named account's reads, or the default account's; a name not configured throws. */
  get(name?: string): Pax8Reads;
}

/** A Pax8 record with the name of the partner account it came from. */
export type InAccount<T> = T & { readonly account: string };

/** Settings the intent layer reads from the validated config (`AppConfig.policy`, `AppConfig.mappings`). */
export interface IntentPolicy {
  readonly roles: { readonly admins: readonly string[]; readonly approvers: readonly string[]; readonly requesters: readonly string[] };
  /** Whether a requester who may approve may approve their own request: list rows offer Approve by it. */
  readonly approvals: { readonly selfApproval: boolean };
  /** Channel → company from the config file (`slack:C0CONTOSO` → `Contoso Ltd`); the store's mappings win. */
  readonly mappings: readonly { readonly channel: string; readonly company: string; readonly account?: string | undefined }[];
  /** Items per page of a list answer. */
  readonly pageSize?: number;
}

/** Conversation settings the admin commands write and every command reads. */
export interface IntentStore {
  /** The company mapped to a channel key (`slack:C123`), if an admin ran `map` there. */
  getChannelCompany(channel: string): Promise<{ readonly companyId: string; readonly companyName: string | null; readonly account: string | null } | undefined>;
  setChannelCompany(channel: string, company: { readonly companyId: string; readonly companyName: string; readonly account: string }, at: Date): Promise<void>;
  /** Where `approvals here` last said approval cards go on this platform, if it was run. */
  getApprovalsChannel(platform: string): Promise<string | undefined>;
  /** Records where approval cards go on this platform (`approvals here`). */
  setApprovalsChannel(platform: string, conversationId: string, at: Date): Promise<void>;
}

/** Everything a handler may use; all injected, so tests pass the sandbox client and fakes. */
export interface IntentDeps {
  readonly pax8: Pax8Accounts;
  readonly approvals: ApprovalsPort;
  readonly store: IntentStore;
  readonly clock: Clock;
  readonly log: Logger;
  readonly policy: IntentPolicy;
  readonly resolver: Resolver;
}
