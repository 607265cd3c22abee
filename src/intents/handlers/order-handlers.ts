import { collect, parsePax8Date, unlessMissing } from '../../pax8/index.ts';
import { wireIds } from '../../wire-ids.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { resolveCompany } from '../resolve-company.ts';
import { commandLine, errorView, iso, n, pageOf } from '../view-helpers.ts';
import { inEachAccount } from '../resolve-subscription.ts';
import { commandAction } from '../row-actions.ts';
import { companyRefById } from './subscription-handlers.ts';

const w = wireIds.commands;

/** `orders <company>`: newest first (Pax8 filters orders by company only; WIRE-NOTES "Pagination"). */
export const ordersHandler: Handler<IntentOf<'orders'>> = {
  ack: () => 'Reading orders...',
  async run(r, deps) {
    const resolved = await resolveCompany(r, r.company, deps, w.orders, (id) => commandLine(w.orders, id));
    if (!resolved.ok) return resolved.view;
    const company = resolved.value;
    const orders = await collect(deps.pax8.get(company.account).orders.list({ companyId: company.id }), { max: 5000 });
    const at = (d: string | null | undefined) => parsePax8Date(d)?.getTime() ?? 0;
    orders.sort((a, b) => at(b.createdDate) - at(a.createdDate));
    const { items, paging } = pageOf(orders, r.page, deps.policy.pageSize, commandLine(w.orders, company.id));
    const products = new Map((await deps.resolver.products(company.account)).map((p) => [p.id, p.name]));
    return {
      kind: 'orderList',
      company: { id: company.id, name: company.name },
      items: items.map((o) => ({
        id: o.id ?? '(no id)',
        createdDate: iso(o.createdDate),
        status: n(o.status),
        orderedByUserEmail: n(o.orderedByUserEmail),
        lineCount: o.lineItems.length,
        totalQuantity: o.lineItems.reduce((sum, l) => sum + (l.quantity ?? 0), 0),
        lines: o.lineItems.map((l) => ({ quantity: n(l.quantity), productName: (l.productId ? products.get(l.productId) : undefined) ?? l.productId ?? '(unknown product)' })),
        actions: o.id ? [commandAction('Details', w.order, o.id, r)] : [],
      })),
      paging,
    };
  },
};

/** `order <id>`. */
export const orderHandler: Handler<IntentOf<'order'>> = {
  ack: () => 'Reading the order...',
  async run(r, deps) {
    const found = await inEachAccount(deps, r.account, (pax8) => unlessMissing(pax8.orders.get(r.order)));
    if (!found) return errorView('not_found', `No order has the id ${r.order.slice(0, 60)}.`, w.order);
    const { item: order, account } = found;
    const products = new Map((await deps.resolver.products(account)).map((p) => [p.id, p.name]));
    return {
      kind: 'orderDetail',
      order: {
        id: order.id ?? r.order,
        createdDate: iso(order.createdDate),
        status: n(order.status),
        orderedBy: n(order.orderedBy),
        orderedByUserEmail: n(order.orderedByUserEmail),
        isScheduled: n(order.isScheduled),
      },
      company: await companyRefById(deps, order.companyId, account),
      lines: order.lineItems.map((l) => ({
        lineItemNumber: n(l.lineItemNumber),
        productId: n(l.productId),
        productName: l.productId ? (products.get(l.productId) ?? null) : null,
        subscriptionId: n(l.subscriptionId),
        quantity: n(l.quantity),
        billingTerm: n(l.billingTerm),
        commitmentTermId: n(l.commitmentTermId),
      })),
    };
  },
};
