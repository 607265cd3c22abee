import type { CompaniesResource, InvoicesResource, ProductsResource, SubscriptionsResource } from '../pax8/index.ts';

/** The Pax8 reads a reconciliation makes: every page of each list, or it fails. */
export interface ReconcileReads {
  readonly companies: Pick<CompaniesResource, 'list' | 'get'>;
  readonly subscriptions: Pick<SubscriptionsResource, 'list' | 'history'>;
  readonly invoices: Pick<InvoicesResource, 'list' | 'items'>;
  readonly products: Pick<ProductsResource, 'pricing'>;
}
