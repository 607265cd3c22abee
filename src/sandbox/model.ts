/**
 * The sandbox's in-memory records. They are the sandbox's own view of a Pax8 partner account and
 * deliberately share nothing with the client's types (src/pax8), so a client misunderstanding of
 * the API cannot be mirrored here. Wire shapes are produced from these by `wire/*`.
 */
export const billingTerms = ['Monthly', 'Annual', '2-Year', '3-Year', 'One-Time', 'Trial', 'Activation'] as const;
export type BillingTerm = (typeof billingTerms)[number];

export const subscriptionStatuses = [
  'Active', 'Cancelled', 'PendingManual', 'PendingAutomated', 'PendingCancel', 'WaitingForDetails',
  'Trial', 'Converted', 'PendingActivation', 'Activated',
] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

export type CommitmentTerm = 'Monthly' | '1-Year' | '3-Year';

export interface CommitmentOption {
  id: string;
  term: CommitmentTerm;
  months: number;
  billingTerms: readonly BillingTerm[];
  autoRenew: boolean;
  renewalWindowDaysBeforeTermEnd: number;
  renewalWindowDaysAfterTermEnd: number;
  allowForQuantityIncrease: boolean;
  allowForQuantityDecrease: boolean;
  allowForEarlyCancellation: boolean;
  cancellationFeeApplied: boolean;
  isTransferable: boolean;
}

export interface PriceOption {
  billingTerm: BillingTerm;
  commitmentTerm?: CommitmentTerm;
  /** Partner cost and customer price per unit for one billing period of this term. */
  partnerBuyRate: number;
  suggestedRetailPrice: number;
  /** Volume tiers: start quantities of further, cheaper tiers. */
  tiers?: readonly { from: number; factor: number }[];
}

export type ValueType = 'Input' | 'Single-Value' | 'Multi-Value';

export interface ProvisionField {
  key: string;
  label: string;
  description?: string;
  valueType: ValueType;
  possibleValues?: readonly string[];
  /** Required only when another key holds this value; otherwise always required. */
  requiredWhen?: { key: string; value: string };
  optional?: boolean;
  pattern?: RegExp;
}

export interface Product {
  id: string;
  name: string;
  vendorName: string;
  shortDescription: string;
  description: string;
  sku: string;
  vendorSku: string;
  altVendorSku?: string;
  skuGuid?: string;
  requiresCommitment: boolean;
  unitOfMeasure: string;
  usageBased: boolean;
  /** Invoice lines carry no `subscriptionId` (the spec: "Products that do not have a subscription id (i.e., BitTitan migration) will return a null value"). */
  billedWithoutSubscriptionId?: boolean;
  prices: readonly PriceOption[];
  commitments: readonly CommitmentOption[];
  provision: readonly ProvisionField[];
  /** Add-ons name the products they require. */
  requiresProductIds: readonly string[];
  weight: number;
}

export type ContactTypeName = 'Admin' | 'Billing' | 'Technical';

export interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  createdAt: number;
  types: { type: ContactTypeName; primary: boolean }[];
}

export interface Address {
  street?: string;
  street2?: string;
  city?: string;
  stateOrProvince?: string;
  postalCode?: string;
  country?: string;
}

export type CompanyStatus = 'Active' | 'Inactive' | 'Deleted';

export interface Company {
  id: string;
  name: string;
  address: Address;
  phone?: string;
  website?: string;
  externalId?: string;
  billOnBehalfOfEnabled: boolean;
  selfServiceAllowed: boolean;
  orderApprovalRequired: boolean;
  status: CompanyStatus;
  updatedAt: number;
  contacts: Contact[];
}

/** The mutable part of a subscription; every change appends a copy to `history`. */
export interface SubscriptionState {
  at: number;
  quantity: number;
  price: number;
  partnerCost: number;
  status: SubscriptionStatus;
  billingTerm: BillingTerm;
  /** Start of the current term (purchase or last renewal). */
  startAt: number;
  /** End of the commitment term, or the cancellation date. */
  endAt?: number;
}

export interface Subscription {
  id: string;
  companyId: string;
  productId: string;
  parentSubscriptionId?: string;
  vendorSubscriptionId?: string;
  createdAt: number;
  commitmentId?: string;
  /** Length of a term that renews (commitment or annual billing); undefined = month to month. */
  termMonths?: number;
  currencyCode: string;
  /** Stable per record, picks the date style of `createdDate`/`endDate` on the wire. */
  dateStyle: number;
  state: SubscriptionState;
  history: SubscriptionState[];
  /** Provisioning finishes at this time (PendingAutomated); undefined = stays pending. */
  pendingUntil?: number;
  /**
   * The Microsoft tenant the order's provisioning details named: `msTenantId` for an existing one,
   * `msDomain` (the `.onmicrosoft.com` prefix) for a new one.
   */
  tenantHint?: { tenantId?: string; domainPrefix?: string };
}

export interface OrderLine {
  id: string;
  lineItemNumber: number;
  productId: string;
  subscriptionId: string;
  commitmentTermId?: string;
  provisionStartAt: number;
  billingTerm: BillingTerm;
  quantity: number;
  parentSubscriptionId?: string;
}

export interface Order {
  id: string;
  companyId: string;
  createdAt: number;
  orderedBy: 'Pax8Partner' | 'Customer' | 'Pax8';
  orderedByUserId: string;
  orderedByUserEmail: string;
  isScheduled: boolean;
  status: 'Completed' | 'Processing' | 'Failed' | 'PendingManual';
  lineItems: OrderLine[];
  /** Dated by Pax8's own calendar day (Denver) on the wire, as orders placed through the API are; else by the UTC day. */
  datedInPax8Zone?: boolean;
}

export type InvoiceStatus = 'Unpaid' | 'Paid' | 'Void' | 'Carried' | 'Nothing Due' | 'Credited';

/** One company's invoice for one month (the sandbox invoices per company; Pax8's items name the company either way). */
export interface Invoice {
  id: string;
  companyId: string;
  /** First day of the invoice month (UTC): the month billed in advance; the month before is settled. */
  monthStart: number;
  /** The invoice date: the 1st of the month, later for a replacement. */
  issuedAt: number;
  status: InvoiceStatus;
  /** The Credited invoice of the same company and month that this one replaces. */
  replaces?: string;
  /** Sum of the items' `amountDue`, kept once computed (cleared when a discrepancy is planted). */
  total?: number;
}

export interface UsageSummary {
  id: string;
  subscriptionId: string;
  companyId: string;
  productId: string;
  resourceGroup: string;
  isTrial: boolean;
}

/** The errors that can be planted in an invoice, each one a finding reconciliation must make. */
export const discrepancyKinds = ['quantity', 'price', 'dropped', 'added'] as const;
export type DiscrepancyKind = (typeof discrepancyKinds)[number];

/**
 * A deliberate error in an invoice, for reconciliation tests and demos to find: a line's quantity
 * or partner unit cost changed, a line dropped, or a line added for something not billable then.
 */
export interface Discrepancy {
  id: string;
  kind: DiscrepancyKind;
  /** Planted by the seed, or through `POST /__sandbox/billing/discrepancies`. */
  source: 'seed' | 'admin';
  invoiceId: string;
  companyId: string;
  /** The invoice month, `YYYY-MM`. */
  month: string;
  /** The subscription the line bills; null for a line added for a product the company does not hold. */
  subscriptionId: string | null;
  productId: string;
  /** The invoice item changed, dropped or added. */
  lineId: string;
  /** Key of the line within its invoice (internal: how the change finds its line). */
  lineKey: string;
  /** What a correct invoice bills (null for an added line) and what this one bills (null for a dropped line). */
  expectedQuantity: number | null;
  billedQuantity: number | null;
  /** Partner unit cost. */
  expectedUnitCost: number | null;
  billedUnitCost: number | null;
  description: string;
}
