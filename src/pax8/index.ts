/** The Pax8 partner API client: the only module that talks to Pax8. */
export { createPax8Client, type Pax8Client, type Pax8ClientOptions } from './create-pax8-client.ts';
export { createPax8Clients, type Pax8Clients, type Pax8CommonOptions } from './create-pax8-clients.ts';
export { paginate, maxPageSize, crawlPageSize } from './paginate.ts';
export { collect } from '../util/collect.ts';
export { createSlidingWindowLimiter, unlimitedRateBudget, type CallSlot, type RateBudget, type SlidingWindowOptions } from './rate-limiter.ts';
export { defaultRetryPolicy, type RetryPolicy } from '../http/retry-policy.ts';
export {
  Pax8AuthError,
  Pax8HttpError,
  Pax8IncompleteListError,
  Pax8NetworkError,
  Pax8OutcomeUnknownError,
  Pax8PageLimitError,
  Pax8RateLimitedError,
  Pax8SchemaError,
  type Pax8CallInfo,
  type Pax8ErrorBody,
  unlessMissing,
} from './errors.ts';
export { parsePax8Date, billingTerms, type BillingTerm, type Page } from './schemas/common.ts';
export { parsePax8ErrorBody } from './schemas/error.ts';
export type { Company, CompanyCreate, CompanyFilters, CompanyUpdate } from './schemas/company.ts';
export type { Contact, ContactCreate } from './schemas/contact.ts';
export { parseVendorSku, type Commitment, type Pricing, type Product, type ProductDependencies, type ProvisioningDetail } from './schemas/product.ts';
export { buildCreateOrderBody, type CreateOrderBody, type CreateOrderInput, type Order } from './schemas/order.ts';
export { holdsSeats, isClosedSubscription, isLiveSubscription, type Subscription, type SubscriptionFilters, type SubscriptionHistory } from './schemas/subscription.ts';
export type { Invoice, InvoiceFilters, InvoiceItem } from './schemas/invoice.ts';
export type { UsageLine, UsageSummary } from './schemas/usage.ts';
export type { CompaniesResource, ContactsResource } from './resources/companies.ts';
export type { ProductsResource } from './resources/products.ts';
export type { OrdersResource } from './resources/orders.ts';
export type { SubscriptionsResource } from './resources/subscriptions.ts';
export type { InvoicesResource } from './resources/invoices.ts';
export type { UsageResource } from './resources/usage.ts';
