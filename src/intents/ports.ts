import type { Logger } from '../log.ts';
import type { GraphClient, TenantAccess, UsersResource } from '../microsoft/index.ts';
import type { BotChange } from '../billing/index.ts';
import type { CompaniesResource, ContactsResource, CreateOrderInput, InvoicesResource, Order, OrdersResource, ProductsResource, SubscriptionsResource } from '../pax8/index.ts';
import type { DownloadRef, View } from '../views/index.ts';
import type { Clock } from '../util/clock.ts';
import type { ApprovalsPort } from './approvals-port.ts';
import type { Platform } from './intent-request.ts';
import type { Resolver } from './create-resolver.ts';
import type { Pax8SkuLinks } from './pax8-sku-links.ts';
import type { TenantLinks } from './tenant-links.ts';

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
  readonly invoices: Pick<InvoicesResource, 'list' | 'items'>;
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
  /** `onboarding` of the config file: the onboarding form's usage location and user name pattern; offboarding's `blockSignInBeforeApproval`. */
  readonly onboarding?: { readonly usageLocation?: string; readonly upn?: string; readonly blockSignInBeforeApproval?: boolean };
  /** Licence findings nobody wants to see (config `digests.ignore`); the store's Ignore list adds to it. */
  readonly licenceIgnores?: readonly { readonly company: string; readonly sku: string }[];
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
  /** Company/SKU licence findings admins chose to ignore (a finding's Ignore button). */
  licenceIgnores(): Promise<{ readonly company: string; readonly sku: string }[]>;
  /**
   * Adds a company's SKU to the ignore list and audits who did it, in one transaction; false when
   * it was on the list already (nothing is recorded twice).
   */
  ignoreLicence(entry: { readonly companyId: string; readonly companyName: string; readonly sku: string }, by: { readonly email: string; readonly role: string; readonly platform: string; readonly channel: string }, at: Date): Promise<boolean>;
}

/**
 * The Graph reads the intent layer may make in a customer tenant: licences and users, never a write
 * (user and licence changes belong to approved requests).
 */
export type GraphReads = Pick<GraphClient, 'organization' | 'subscribedSkus' | 'directorySubscriptions'> & {
  readonly users: Pick<UsersResource, 'get' | 'find' | 'list' | 'licenseDetails'>;
};

/** What blocking sign-in at once did: both done, or what went wrong (nothing is tried again). */
export type SignInBlock = { readonly ok: true; readonly wasBlocked: boolean } | { readonly ok: false; readonly problem: string };

/**
 * The customers' Microsoft 365 tenants: which company is which tenant, read-only Graph per tenant,
 * whether the app works there, and which Microsoft SKU each Pax8 subscription is. Not configured
 * when the bot has Pax8 credentials but no Microsoft app: `hint` says what to set, and only what
 * Pax8 alone tells (the SKU of each subscription) is there.
 */
export type MicrosoftSide =
  | { readonly configured: false; readonly hint: string; readonly pax8Skus: Pax8SkuLinks }
  | {
      readonly configured: true;
      readonly links: TenantLinks;
      graph(tenantId: string): GraphReads;
      /**
       * Blocks the user's sign-in and revokes their sessions now, before any approval (offboarding
       * with `onboarding.blockSignInBeforeApproval`): reversible and free, so it is the one Graph
       * write the intent layer makes. Each write is sent once; what was not confirmed is said.
       */
      blockSignIn(tenantId: string, userId: string): Promise<SignInBlock>;
      /** Token, reads and permissions in the tenant (what `tenant` says after linking). */
      access(tenantId: string): Promise<TenantAccess>;
      readonly pax8Skus: Pax8SkuLinks;
    };

/** CSV exports kept for download (`reconcile … csv`, `audit … csv`): a signed link, and the file for a Slack upload. */
export interface ExportFiles {
  save(file: { readonly name: string; readonly content: string; readonly rows: number }): Promise<DownloadRef>;
  read(fileId: string): Promise<{ readonly name: string; readonly content: string } | undefined>;
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
  readonly microsoft: MicrosoftSide;
  /** Told when an intent starts and when its answer is ready, for `/metrics`; none in tests that do not look. */
  readonly observe?: IntentObserver;
  /** Where CSV exports go; without it, `csv` answers that downloads are not set up. */
  readonly files?: ExportFiles;
  /** The bot's own subscription changes in a time range (they explain prorated invoice lines). */
  readonly botChanges?: (range: { readonly from: Date; readonly to: Date }) => Promise<readonly BotChange[]>;
  /** Set by `handleIntent` for one run: shows an interim view (progress) in place of the "working" one. */
  readonly progress?: (view: View) => void;
}

/**
 * How an intent ended: `ok` (an answer), `error` (an error view: bad input, refused, not found),
 * `fault` (the handler threw; the user got the short fault message).
 */
export type IntentOutcome = 'ok' | 'error' | 'fault';

/** Called as an intent starts (`kind` is the intent kind, or `unparsed`); the function it returns is called once with the outcome. */
export type IntentObserver = (platform: Platform, kind: string) => (outcome: IntentOutcome) => void;
