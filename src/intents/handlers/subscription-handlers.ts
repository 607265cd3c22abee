import { collect, parsePax8Date, type Subscription, unlessMissing } from '../../pax8/index.ts';
import type { SubscriptionRow } from '../../views/subscription-views.ts';
import { wireIds } from '../../wire-ids.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { uuidLike } from '../create-resolver.ts';
import type { InAccount, IntentDeps, Pax8Reads } from '../ports.ts';
import { fromMatch, mappedCompany, resolveCompany } from '../resolve-company.ts';
import { commandLine, errorView, iso, n, pageOf } from '../view-helpers.ts';

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
    return { kind: 'subscriptionList', company: { id: company.id, name: company.name }, items: items.map(toSubscriptionRow), paging };
  },
};

/** `sub <id>` (or a product name in a mapped channel): the subscription and its newest history. */
export const subHandler: Handler<IntentOf<'sub'>> = {
  ack: () => 'Reading the subscription and its history...',
  async run(r, deps) {
    const found = await findSubscription(r, r.subscription, deps);
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

/** A subscription by id; in a mapped channel also by product name. */
async function findSubscription(r: IntentOf<'sub'>, text: string, deps: IntentDeps) {
  if (uuidLike.test(text)) {
    const sub = await getSubscription(deps, text, r.account);
    return sub ? { ok: true as const, value: sub } : { ok: false as const, view: errorView('not_found', `No subscription has the id ${text}.`, w.sub) };
  }
  const company = await mappedCompany(r, deps);
  if (!company) return { ok: false as const, view: errorView('bad_input', `"${text.slice(0, 60)}" is not a subscription id.`, w.sub) };
  const match = await deps.resolver.subscription(company, text);
  return fromMatch('subscription', text, match, (s) => ({ id: s.id, label: s.productName ?? s.id, detail: `${s.quantity ?? '?'} seats, ${s.status ?? ''}` }), (id) =>
    commandLine(w.sub, id),
  );
}

/** A subscription by id, from whichever account has it (only `account` when given); undefined when none does. */
export async function getSubscription(deps: IntentDeps, id: string, account?: string): Promise<InAccount<Subscription> | undefined> {
  const found = await inEachAccount(deps, account, (pax8) => unlessMissing(pax8.subscriptions.get(id)));
  return found && { ...found.item, account: found.account };
}

/**
 * Asks each account in turn (the default first; only `account` when given) for a record by id,
 * and returns the first found with the account that has it. Ids are Pax8's UUIDs, so at most one
 * account knows one.
 */
export async function inEachAccount<T>(deps: Pick<IntentDeps, 'pax8'>, account: string | undefined, read: (pax8: Pax8Reads) => Promise<T | undefined>): Promise<{ item: T; account: string } | undefined> {
  for (const name of account === undefined ? deps.pax8.names : [account]) {
    const item = await read(deps.pax8.get(name));
    if (item !== undefined) return { item, account: name };
  }
  return undefined;
}
