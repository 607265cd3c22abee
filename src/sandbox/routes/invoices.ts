import { companyLines } from '../billing/invoice-lines.ts';
import { invoiceBalance, invoiceLines, invoiceTotal } from '../billing/invoices.ts';
import type { Invoice } from '../model.ts';
import { ApiError, notFound } from '../http/api-error.ts';
import { paginate, parsePaging, sortItems } from '../http/paging.ts';
import { dateParam, matches, numberParam } from '../http/query.ts';
import { ok, type RouteContext, type RouteDef } from '../http/route-types.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { addMonthsUtc, DAY_MS, startOfMonthUtc } from '../wire-dates.ts';
import { invoiceItemWire, invoiceWire } from '../wire/invoice-wire.ts';
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
  const amount = { total: invoiceTotal, balance: invoiceBalance, carriedBalance: () => 0 } as const;
  const amounts = (['total', 'balance', 'carriedBalance'] as const).map((key) => [key, numberParam(query, key)] as const).filter(([, v]) => v !== undefined);
  const status = query.get('status');
  const filtered = data.invoices.filter(
    (i) =>
      (!companyId || i.companyId === companyId) &&
      matches(status, i.status) &&
      (on === undefined || i.issuedAt === on) &&
      (from === undefined || i.issuedAt >= from) &&
      (to === undefined || i.issuedAt <= to) &&
      (due === undefined || i.issuedAt + 14 * DAY_MS === due) &&
      amounts.every(([key, value]) => amount[key](data, i) === value),
  );
  const sorted = sortItems(filtered, query, {
    invoiceDate: (i) => i.issuedAt, dueDate: (i) => i.issuedAt, status: (i) => i.status, partnerName: () => data.partnerName,
    total: (i) => invoiceTotal(data, i), balance: (i) => invoiceBalance(data, i), carriedBalance: () => 0,
  });
  return ok(paginate(sorted, paging, (i) => invoiceWire(data, i)));
}

/**
 * `GET /invoices/draftItems`: the lines the invoice of this month (`monthOffset=0`) or next month
 * (`1`, the default) holds as of now, from today's subscriptions; nothing else is accepted. Without
 * usage billed in arrears, credits or planted errors, and without item ids, as Pax8 describes them.
 */
function draftItems({ data, query, now }: RouteContext) {
  const paging = parsePaging(query);
  const raw = query.get('monthOffset');
  const monthOffset = raw === null || raw === '' ? 1 : Number(raw);
  if (monthOffset !== 0 && monthOffset !== 1) throw new ApiError(422, `Invalid monthOffset: ${raw ?? ''}`, [{ message: 'Only values 0 and 1 are supported' }]);
  const companyId = query.get('companyId');
  if (companyId) requireCompany(data, companyId);
  const monthStart = addMonthsUtc(startOfMonthUtc(now), monthOffset);
  const companies = companyId ? [companyId] : data.companies.map((c) => c.id);
  const lines = companies.flatMap((id) => companyLines(data, id, monthStart, { arrears: false, now }));
  return ok(paginate(lines, paging, (line) => invoiceItemWire(data, line)));
}

function listItems({ data, params, query }: RouteContext) {
  const paging = parsePaging(query);
  const invoice = requireInvoice(data, params.invoiceId ?? '');
  return ok(paginate(invoiceLines(data, invoice), paging, (line) => invoiceItemWire(data, line, invoice)));
}

export const invoiceRoutes: RouteDef[] = [
  { method: 'GET', pattern: '/invoices', handler: listInvoices },
  { method: 'GET', pattern: '/invoices/draftItems', handler: draftItems },
  { method: 'GET', pattern: '/invoices/{invoiceId}', handler: ({ data, params }) => ok(invoiceWire(data, requireInvoice(data, params.invoiceId ?? ''))) },
  { method: 'GET', pattern: '/invoices/{invoiceId}/items', handler: listItems },
];
