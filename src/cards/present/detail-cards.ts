/** Presenters of the single-entity views: company, product, subscription, order. */
import type { CompanyDetailView, OrderDetailView, ProductDetailView, SubscriptionDetailView } from '../../views/index.ts';
import { type FactData, count, dateTime, day, knownFacts, money, seats, text, yesNo } from '../../views/format.ts';
import type { RowData } from './list-cards.ts';

export interface DetailData {
  title: string;
  subtitle: string;
  facts: FactData[];
  /** A sentence that needs attention (a company that cannot order, …); empty when all is well. */
  alert: string;
  hasAlert: boolean;
  sections: { title: string; rows: RowData[]; hasRows: boolean; emptyText: string }[];
}

const row = (title: string, detail: string, figure = ''): RowData => ({ title, detail, figure });
const section = (title: string, rows: RowData[], emptyText: string): DetailData['sections'][number] => ({ title, rows, hasRows: rows.length > 0, emptyText });

export function companyDetailData(view: CompanyDetailView): DetailData {
  const c = view.company;
  const alerts = [
    view.canOrder ? null : `${c.name} cannot order now (status ${text(c.status)}).`,
    view.missingPrimaryContacts.length > 0 ? `No primary contact for: ${view.missingPrimaryContacts.join(', ')}.` : null,
  ].filter((a): a is string => a !== null);
  return {
    title: c.name,
    subtitle: `Company ${c.id}`,
    facts: knownFacts([
      { title: 'Status', value: text(c.status) },
      { title: 'Phone', value: text(c.phone) },
      { title: 'Website', value: text(c.website) },
      { title: 'External id', value: text(c.externalId) },
      { title: 'Address', value: text(c.address.join(', ')) },
      { title: 'Contacts', value: count(view.contactCount) },
      { title: 'Bill on behalf', value: yesNo(c.billOnBehalfOfEnabled) },
      { title: 'Self-service', value: yesNo(c.selfServiceAllowed) },
      { title: 'Order approval required', value: yesNo(c.orderApprovalRequired) },
      { title: 'Updated', value: dateTime(c.updatedDate) },
    ]),
    alert: alerts.join(' '),
    hasAlert: alerts.length > 0,
    sections: [],
  };
}

export function productDetailData(view: ProductDetailView): DetailData {
  const p = view.product;
  const prices = view.prices.map((r) =>
    row(
      [r.billingTerm, r.commitmentTerm].filter(Boolean).join(', ') || 'Price',
      [r.chargeType, r.unit ? `per ${r.unit}` : null, r.minQuantity !== null || r.maxQuantity !== null ? `qty ${count(r.minQuantity)}–${count(r.maxQuantity)}` : null].filter(Boolean).join(' · '),
      `${money(r.partnerCost, view.currency)} / ${money(r.customerPrice, view.currency)}`,
    ),
  );
  return {
    title: p.name,
    subtitle: [p.vendorName, p.sku ? `SKU ${p.sku}` : null, `Product ${p.id}`].filter(Boolean).join(' · '),
    facts: knownFacts([
      { title: 'Description', value: text(p.description) },
      { title: 'Requires commitment', value: yesNo(p.requiresCommitment) },
      { title: 'Prices for', value: view.pricedFor ? view.pricedFor.name : 'all companies (partner price list)' },
    ]),
    alert: '',
    hasAlert: false,
    sections: [
      section('Prices (cost / price per unit)', prices, 'No prices published.'),
      section('Commitments', view.commitments.map((c) => row(text(c.term), c.meaning)), 'No commitment options.'),
      section(
        'Provisioning details an order needs (add them to buy as key=value)',
        view.provisioning.map((f) => row(f.label, [`${f.key}=`, f.expected || null, f.appliesWhen ? `only ${f.appliesWhen}` : null, f.description].filter(Boolean).join(' · '))),
        'None.',
      ),
    ],
  };
}

export function subscriptionDetailData(view: SubscriptionDetailView): DetailData {
  const s = view.subscription;
  const history = view.history.map((h) => row(dateTime(h.at), [seats(h.quantity), h.status].filter(Boolean).join(' · '), `${money(h.partnerCost, s.currency)} / ${money(h.price, s.currency)}`));
  const shown = view.history.length < view.historyTotal ? ` (newest ${view.history.length} of ${view.historyTotal})` : '';
  return {
    title: s.productName,
    subtitle: [view.company?.name, `Subscription ${s.id}`].filter(Boolean).join(' · '),
    facts: knownFacts([
      { title: 'Quantity', value: count(s.quantity) },
      { title: 'Status', value: text(s.status) },
      { title: 'Billing term', value: text(s.billingTerm) },
      { title: 'Commitment', value: s.commitmentEndDate ? `${text(s.commitmentTerm)}, ends ${day(s.commitmentEndDate)}` : text(s.commitmentTerm) },
      { title: 'Cost / price per unit', value: `${money(s.partnerCost, s.currency)} / ${money(s.price, s.currency)}` },
      { title: 'Started', value: day(s.startDate) },
      { title: 'Ends', value: day(s.endDate) },
      { title: 'Vendor subscription', value: text(s.vendorSubscriptionId) },
    ]),
    alert: '',
    hasAlert: false,
    sections: [section(`History${shown}`, history, 'No history recorded.')],
  };
}

export function orderDetailData(view: OrderDetailView): DetailData {
  const o = view.order;
  const lines = view.lines.map((l) =>
    row(text(l.productName), [l.billingTerm, l.subscriptionId ? `subscription ${l.subscriptionId}` : null].filter(Boolean).join(' · ') || '—', `${count(l.quantity)} units`),
  );
  return {
    title: `Order ${o.id}`,
    subtitle: view.company ? view.company.name : 'Order',
    facts: knownFacts([
      { title: 'Status', value: text(o.status) },
      { title: 'Created', value: dateTime(o.createdDate) },
      { title: 'Ordered by', value: text(o.orderedByUserEmail ?? o.orderedBy) },
      { title: 'Scheduled', value: yesNo(o.isScheduled) },
    ]),
    alert: '',
    hasAlert: false,
    sections: [section('Lines', lines, 'This order has no lines.')],
  };
}
