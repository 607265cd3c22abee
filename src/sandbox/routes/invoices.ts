import type { Invoice } from '../model.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { paginate, parsePaging, sortItems } from '../http/paging.ts';
import { dateParam, matches, numberParam } from '../http/query.ts';
import { ok, type RouteContext, type RouteDef } from '../http/route-types.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { draftLines } from '../seed/billing.ts';
import { DAY_MS } from '../wire-dates.ts';
import { invoiceItems, invoiceItemWire, invoiceTotals, invoiceWire } from '../wire/invoice-wire.ts';
import { requireCompany } from './companies.ts';

function requireInvoice(data: SandboxData, id: string): Invoice {
  const invoice = data.invoicesById.get(id);
  if (!invoice) throw notFound('Invoice', id);
  return invoice;
}

function listInvoices({ data, query }: RouteContext) {
  const paging = parsePaging(query);
  const companyId = query.get('companyId');
  if (companyId) requireCompany(data, companyId);
  const on = dateParam(query, 'invoiceDate');
  const from = dateParam(query, 'invoiceDateRangeStart');
  const to = dateParam(query, 'invoiceDateRangeEnd');
  const due = dateParam(query, 'dueDate');
  const amounts = (['total', 'balance', 'carriedBalance'] as const).map((key) => [key, numberParam(query, key)] as const).filter(([, v]) => v !== undefined);
  const status = query.get('status');
  const filtered = data.invoices.filter(
    (i) =>
      (!companyId || i.companyId === companyId) &&
      matches(status, i.status) &&
      (on === undefined || i.monthStart === on) &&
      (from === undefined || i.monthStart >= from) &&
      (to === undefined || i.monthStart <= to) &&
      (due === undefined || i.monthStart + 14 * DAY_MS === due) &&
      amounts.every(([key, value]) => invoiceTotals(data, i)[key] === value),
  );
  const sorted = sortItems(filtered, query, {
    invoiceDate: (i) => i.monthStart, dueDate: (i) => i.monthStart, status: (i) => i.status, partnerName: () => data.partnerName,
    total: (i) => invoiceTotals(data, i).total, balance: (i) => invoiceTotals(data, i).balance, carriedBalance: (i) => invoiceTotals(data, i).carriedBalance,
  });
  return ok(paginate(sorted, paging, (i) => invoiceWire(data, i)));
}

/** `GET /invoices/draftItems`: `monthOffset` 0 = current month, 1 = next month (default); nothing else. */
function draftItems({ data, query, now }: RouteContext) {
  const paging = parsePaging(query);
  const raw = query.get('monthOffset');
  const monthOffset = raw === null || raw === '' ? 1 : Number(raw);
  if (monthOffset !== 0 && monthOffset !== 1) throw new ApiError(422, `Invalid monthOffset: ${raw ?? ''}`, [{ message: 'Only values 0 and 1 are supported' }]);
  const companyId = query.get('companyId');
  if (companyId) requireCompany(data, companyId);
  const companies = companyId ? [companyId] : data.companies.map((c) => c.id);
  const lines = companies.flatMap((id) => draftLines(data, id, now, monthOffset));
  return ok(paginate(lines, paging, (line) => invoiceItemWire(line, `draft-${monthOffset}`)));
}

export const invoiceRoutes: RouteDef[] = [
  { method: 'GET', pattern: '/invoices', handler: listInvoices },
  { method: 'GET', pattern: '/invoices/draftItems', handler: draftItems },
  { method: 'GET', pattern: '/invoices/{invoiceId}', handler: ({ data, params }) => ok(invoiceWire(data, requireInvoice(data, params.invoiceId ?? ''))) },
  {
    method: 'GET',
    pattern: '/invoices/{invoiceId}/items',
    handler: ({ data, params, query }) => ok(paginate(invoiceItems(data, requireInvoice(data, params.invoiceId ?? '')), parsePaging(query), (item) => item)),
  },
];
