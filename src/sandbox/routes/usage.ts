import type { UsageSummary } from '../model.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { paginate, parsePaging, sortItems } from '../http/paging.ts';
import { dateParam, matches } from '../http/query.ts';
import { ok, type RouteContext, type RouteDef } from '../http/route-types.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { usageLinesBetween } from '../billing/usage-charges.ts';
import { DAY_MS, startOfMonthUtc } from '../wire-dates.ts';
import { usageSummaryWire } from '../wire/usage-wire.ts';
import { requireSubscription } from './subscriptions.ts';

function requireSummary(data: SandboxData, id: string): UsageSummary {
  const summary = data.usageSummariesById.get(id);
  if (!summary) throw notFound('Usage Summary', id);
  return summary;
}

/** A summary with its totals for the month so far, in its subscription's currency. */
function summaryWire(data: SandboxData, s: UsageSummary, now: number, underSubscription: boolean) {
  const lines = usageLinesBetween(data, s, startOfMonthUtc(now), now + DAY_MS, now);
  const vendorName = data.productsById.get(s.productId)?.vendorName ?? 'Microsoft';
  const currencyCode = data.subscriptionsById.get(s.subscriptionId)?.currencyCode ?? data.currencyCode;
  return usageSummaryWire(s, lines, { vendorName, currencyCode, underSubscription });
}

function listSummaries({ data, params, query, now }: RouteContext) {
  const paging = parsePaging(query);
  const sub = requireSubscription(data, params.subscriptionId ?? '');
  const wire = (s: UsageSummary) => summaryWire(data, s, now, true);
  const filtered = (data.usageSummariesBySubscription.get(sub.id) ?? []).filter(
    (s) => matches(query.get('resourceGroup'), s.resourceGroup) && matches(query.get('companyId'), s.companyId),
  );
  const sorted = sortItems(filtered, query, {
    resourceGroup: (s) => s.resourceGroup, currentCharges: (s) => wire(s).currentCharges, partnerTotal: (s) => wire(s).partnerTotal,
  });
  return ok(paginate(sorted, paging, wire));
}

/** `usageDate` is required by the spec; lines are for that day (any day the subscription was billed), optionally one product. */
function listLines({ data, params, query, now }: RouteContext) {
  const paging = parsePaging(query);
  const summary = requireSummary(data, params.usageSummaryId ?? '');
  const day = dateParam(query, 'usageDate');
  if (day === undefined) throw new ApiError(400, "Required request parameter 'usageDate' is not present", [{ message: 'usageDate (yyyy-MM-dd) is required' }]);
  const productId = query.get('productId');
  const lines = usageLinesBetween(data, summary, day, day + DAY_MS, now).filter((l) => !productId || l.productId === productId);
  return ok(paginate(lines, paging, (l) => l));
}

export const usageRoutes: RouteDef[] = [
  { method: 'GET', pattern: '/subscriptions/{subscriptionId}/usage-summaries', handler: listSummaries },
  {
    method: 'GET',
    pattern: '/usage-summaries/{usageSummaryId}',
    handler: ({ data, params, now }) => {
      const summary = requireSummary(data, params.usageSummaryId ?? '');
      return ok(summaryWire(data, summary, now, false));
    },
  },
  { method: 'GET', pattern: '/usage-summaries/{usageSummaryId}/usage-lines', handler: listLines },
];
