import { collect, parsePax8Date, type Subscription } from '../../pax8/index.ts';
import type { SubscriptionRow } from '../../views/subscription-views.ts';
import { wireIds } from '../../wire-ids.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import type { IntentDeps } from '../ports.ts';
import { resolveCompany } from '../resolve-company.ts';
import { resolveSubscription } from '../resolve-subscription.ts';
import { subscriptionActions } from '../row-actions.ts';
import { arg, commandLine, iso, n, pageOf } from '../view-helpers.ts';

const w = wireIds.commands;
const maxSubscriptions = 5000;
const historyShown = 10;

export function toSubscriptionRow(s: Subscription): SubscriptionRow {
  return {
    id: s.id,
    productName: s.productName ?? s.productId ?? '(unknown product)',
    quantity: n(s.quantity),
    status: n(s.status),
    billingTerm: n(s.billingTerm),
    commitmentTerm: n(s.commitment?.term),
    commitmentEndDate: iso(s.commitment?.endDate),
    partnerCost: n(s.partnerCost),
    price: n(s.price),
    currency: n(s.currencyCode),
  };
}

/** Company name for an id from the cached list (no Pax8 call); null when unknown. */
export async function companyRefById(deps: IntentDeps, companyId: string | null | undefined, account: string): Promise<{ id: string; name: string } | null> {
  if (!companyId) return null;
  const company = (await deps.resolver.companies(account)).find((c) => c.id === companyId);
  return company ? { id: company.id, name: company.name } : { id: companyId, name: companyId };
}

/** `subs <company>`: sorted by product, paged. */
export const subsHandler: Handler<IntentOf<'subs'>> = {
  ack: () => 'Reading subscriptions...',
  async run(r, deps) {
    const resolved = await resolveCompany(r, r.company, deps, w.subs, (id) => commandLine(w.subs, id));
    if (!resolved.ok) return resolved.view;
    const company = resolved.value;
    const subs = await collect(deps.pax8.get(company.account).subscriptions.list({ companyId: company.id }), { max: maxSubscriptions });
    subs.sort((a, b) => (a.productName ?? '').localeCompare(b.productName ?? '') || a.id.localeCompare(b.id));
    const { items, paging } = pageOf(subs, r.page, deps.policy.pageSize, commandLine(w.subs, company.id), subs.length >= maxSubscriptions);
    const rows = items.map((s) => ({ ...toSubscriptionRow(s), actions: subscriptionActions(s, r, { cancel: true }) }));
    return { kind: 'subscriptionList', company: { id: company.id, name: company.name }, items: rows, paging };
  },
};

/** `sub <id>` or `sub <company> <product>` (the company left out in a mapped channel): the subscription and its newest history. */
export const subHandler: Handler<IntentOf<'sub'>> = {
  ack: () => 'Reading the subscription and its history...',
  async run(r, deps) {
    const found = await resolveSubscription(r, r.names, deps, w.sub, (...target) => commandLine(w.sub, ...target.map(arg)), { closedToo: true });
    if (!found.ok) return found.view;
    const sub = found.value;
    const history = await deps.pax8.get(sub.account).subscriptions.history(sub.id);
    const at = (h: Subscription) => parsePax8Date(h.updatedDate ?? h.createdDate ?? h.startDate)?.getTime() ?? 0;
    const newest = [...history].sort((a, b) => at(b) - at(a)).slice(0, historyShown);
    return {
      kind: 'subscriptionDetail',
      subscription: {
        ...toSubscriptionRow(sub),
        productId: n(sub.productId),
        startDate: iso(sub.startDate),
        endDate: iso(sub.endDate),
        createdDate: iso(sub.createdDate),
        vendorSubscriptionId: n(sub.vendorSubscriptionId),
      },
      company: await companyRefById(deps, sub.companyId, sub.account),
      history: newest.map((h) => ({ at: iso(h.updatedDate ?? h.createdDate ?? h.startDate), quantity: n(h.quantity), status: n(h.status), partnerCost: n(h.partnerCost), price: n(h.price) })),
      historyTotal: history.length,
    };
  },
};
