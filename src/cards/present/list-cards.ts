/** Presenters of the Pax8 list views: companies, contacts, products, subscriptions, orders, renewals. */
import type {
  CompanyListView,
  ContactListView,
  OrderListView,
  ProductListView,
  RenewalListView,
  SubscriptionListView,
} from '../../views/index.ts';
import { count, day, money, seats, shortId, text } from '../../views/format.ts';
import { type ListData, listData, type RowButtonData, rowButtons } from './list-data.ts';

/** A row of a list: a bold title, a detail line, and an optional right-hand figure. */
export interface RowData {
  title: string;
  detail: string;
  figure: string;
}

/** A row with buttons under it (Details, Seats, Cancel, Approve, Deny, Show card). */
export interface ActionRowData extends RowData {
  buttons: RowButtonData[];
  hasButtons: boolean;
}

const join = (...parts: (string | null | undefined)[]): string =>
  parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(' · ') || '—';

export function companyListData(view: CompanyListView): ListData<RowData> {
  const rows = view.items.map((c) => ({ title: c.name, detail: join(c.status, join(c.city, c.country).replace(' · ', ', '), c.account ? `account ${c.account}` : null), figure: '' }));
  const title = view.query ? `Companies matching “${view.query}”` : 'Companies';
  return listData(title, rows, view.paging, { noun: 'companies', emptyText: 'No company matches.' });
}

export function contactListData(view: ContactListView): ListData<RowData> {
  const rows = view.items.map((c) => ({
    title: c.name,
    detail: join(c.email, c.phone, c.types.length > 0 ? c.types.join(', ') : null),
    figure: c.primaryFor.length > 0 ? `Primary: ${c.primaryFor.join(', ')}` : '',
  }));
  return listData(`Contacts of ${view.company.name}`, rows, view.paging, { noun: 'contacts', emptyText: 'This company has no contacts.' });
}

export function productListData(view: ProductListView): ListData<RowData> {
  const rows = view.items.map((p) => ({ title: p.name, detail: join(p.vendorName, p.sku ? `SKU ${p.sku}` : null), figure: '' }));
  const title = view.query ? `Products matching “${view.query}”` : 'Products';
  return listData(title, rows, view.paging, { noun: 'products', emptyText: 'No product matches.' });
}

/** What tells two subscriptions of one product apart: seats, status, terms, when the commitment ends, the short id. */
export function subscriptionListData(view: SubscriptionListView): ListData<ActionRowData> {
  const rows = view.items.map((s) => ({
    title: s.productName,
    detail: join(seats(s.quantity), s.status, s.billingTerm, s.commitmentEndDate ? `${text(s.commitmentTerm)} ends ${day(s.commitmentEndDate)}` : s.commitmentTerm, `id ${shortId(s.id)}`),
    figure: `${money(s.partnerCost, s.currency)} / ${money(s.price, s.currency)}`,
    ...rowButtons(s.actions),
  }));
  return listData(`Subscriptions of ${view.company.name}`, rows, view.paging, {
    noun: 'subscriptions',
    emptyText: 'This company has no subscriptions.',
    subtitle: 'cost / price per unit',
  });
}

export function orderListData(view: OrderListView): ListData<ActionRowData> {
  const rows = view.items.map((o) => ({
    title: o.lines.length > 0 ? o.lines.map((l) => `${count(l.quantity)} × ${l.productName}`).join(', ') : `Order ${shortId(o.id)}`,
    detail: join(day(o.createdDate), o.status, o.orderedByUserEmail ? `by ${o.orderedByUserEmail}` : null, o.lines.length > 0 ? `order ${shortId(o.id)}` : null),
    figure: `${o.lineCount} ${o.lineCount === 1 ? 'line' : 'lines'} · ${count(o.totalQuantity)} ${o.totalQuantity === 1 ? 'unit' : 'units'}`,
    ...rowButtons(o.actions),
  }));
  return listData(`Orders of ${view.company.name}`, rows, view.paging, { noun: 'orders', emptyText: 'This company has no orders.' });
}

export function renewalListData(view: RenewalListView): ListData<ActionRowData> {
  const rows = view.items.map((r) => ({
    title: r.productName,
    detail: join(r.company?.name, seats(r.quantity), r.commitmentTerm, r.autoRenew === false ? 'does not auto-renew' : null, r.account ? `account ${r.account}` : null, `id ${shortId(r.subscriptionId)}`),
    figure: `Renews ${day(r.renewsOn)} (${r.daysLeft} days) · decrease ${day(r.decreaseWindowOpens)} – ${day(r.decreaseWindowCloses)}`,
    ...rowButtons(r.actions),
  }));
  const scope = view.company ? ` for ${view.company.name}` : '';
  return listData(`Renewals in the next ${view.days} days${scope}`, rows, view.paging, {
    noun: 'renewals',
    emptyText: `No commitment renews in the next ${view.days} days.`,
    subtitle: `as of ${day(view.asOf)}`,
  });
}
