import { collect, isClosedSubscription, parsePax8Date, type Subscription } from '../../pax8/index.ts';
import type { RenewalRow } from '../../views/subscription-views.ts';
import { wireIds } from '../../wire-ids.ts';
import { changeWindowDays } from '../commitment-rules.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf } from '../intent-request.ts';
import { mappedCompany } from '../resolve-company.ts';
import { subscriptionActions } from '../row-actions.ts';
import { accountArgs, commandLine, n, pageOf } from '../view-helpers.ts';

const dayMs = 86_400_000;
const maxSubscriptions = 20_000;

/**
 * `renewals [days]`: commitments ending within the days, soonest first, each with its decrease
 * window: from the renewal until 7 days (168 h) after it, the only time seats can be reduced or the
 * subscription cancelled without a fee (WIRE-NOTES rule 5). In a mapped channel, only that company.
 */
export const renewalsHandler: Handler<IntentOf<'renewals'>> = {
  ack: (r) => `Looking for commitments ending in the next ${r.days} days...`,
  async run(r, deps) {
    const now = deps.clock.now();
    const company = await mappedCompany(r, deps);
    // Every account's subscriptions (one account's when the channel is mapped or --account names one),
    // filtered here, not with `?status=`: statuses vary (`Active`, `Activated`, `PendingManual`, ...).
    const accounts = company ? [company.account] : r.account !== undefined ? [r.account] : deps.pax8.names;
    const lists = await Promise.all(
      accounts.map(async (account) => (await collect(deps.pax8.get(account).subscriptions.list(company ? { companyId: company.id } : {}), { max: maxSubscriptions })).map((s) => ({ ...s, account }))),
    );
    const subs = lists.flat();
    // Pax8 ids are UUIDs: one company id names one company in whichever account.
    const companies = new Map((await deps.resolver.companies(r.account)).map((c) => [c.id, c]));
    const several = deps.pax8.names.length > 1;
    const horizon = now.getTime() + r.days * dayMs;
    const rows: RenewalRow[] = subs.flatMap((s) => {
      const end = renewalOf(s);
      if (!end || end.getTime() < now.getTime() || end.getTime() > horizon || isClosedSubscription(s) || s.status?.toLowerCase() === 'inactive') return [];
      const owner = s.companyId ? companies.get(s.companyId) : undefined;
      return [
        {
          subscriptionId: s.id,
          company: owner ? { id: owner.id, name: owner.name } : null,
          productName: s.productName ?? s.productId ?? '(unknown product)',
          quantity: n(s.quantity),
          commitmentTerm: n(s.commitment?.term),
          renewsOn: end.toISOString(),
          daysLeft: Math.floor((end.getTime() - now.getTime()) / dayMs),
          decreaseWindowOpens: end.toISOString(),
          decreaseWindowCloses: new Date(end.getTime() + changeWindowDays * dayMs).toISOString(),
          autoRenew: null,
          account: several ? s.account : null,
          actions: subscriptionActions(s, r, { cancel: false }),
        },
      ];
    });
    rows.sort((a, b) => a.renewsOn.localeCompare(b.renewsOn));
    const command = commandLine(wireIds.commands.renewals, String(r.days), ...accountArgs(r));
    const { items, paging } = pageOf(rows, r.page, deps.policy.pageSize, command, lists.some((l) => l.length >= maxSubscriptions));
    return { kind: 'renewalList', days: r.days, asOf: now.toISOString(), company: company ? { id: company.id, name: company.name } : null, items, paging };
  },
};

/** When the current commitment ends (the next renewal); undefined for subscriptions without one. */
export function renewalOf(s: Subscription): Date | undefined {
  return parsePax8Date(s.commitment?.endDate);
}
