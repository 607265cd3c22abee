import { renderApprovalCardText } from './render-approval-text.ts';
import { day, lines, money, orDash, pagingLine } from './text-format.ts';
import type { View, ViewKind } from './view.ts';

type TextRenderers = { [K in ViewKind]: (view: Extract<View, { kind: K }>) => string };

/**
 * One text renderer per view kind; a new view without one fails to compile. The text is what
 * notifications, Slack `text` fallbacks and the console show, so it stays plain and short.
 */
const renderers: TextRenderers = {
  help: (v) =>
    v.topic === null
      ? lines('Commands:', ...v.commands.map((c) => `  ${c.usage}  - ${c.summary}`), 'Type "help <command>" for examples.')
      : lines(...v.commands.map((c) => lines(`Usage: ${c.usage}`, c.summary, ...c.examples.map((e) => `  e.g. ${e}`)))),
  companyList: (v) =>
    lines(
      v.query ? `Companies matching "${v.query}":` : 'Companies:',
      ...v.items.map((c) => `  ${c.name} (${orDash(c.status)}${c.city ? `, ${c.city}` : ''}) ${c.id}`),
      pagingLine(v.paging, 'companies'),
    ),
  companyDetail: (v) =>
    lines(
      `${v.company.name} (${orDash(v.company.status)}) ${v.company.id}`,
      v.company.address.length > 0 ? v.company.address.join(', ') : null,
      `Phone ${orDash(v.company.phone)}; web ${orDash(v.company.website)}; ${v.contactCount} contacts`,
      v.canOrder ? 'Can order.' : 'Cannot order until the company is Active.',
      v.missingPrimaryContacts.length > 0 ? `Missing primary contacts: ${v.missingPrimaryContacts.join(', ')}` : null,
    ),
  contactList: (v) =>
    lines(
      `Contacts of ${v.company.name}:`,
      ...v.items.map((c) => `  ${c.name} <${orDash(c.email)}> ${c.primaryFor.length > 0 ? `primary ${c.primaryFor.join('/')}` : ''}`.trimEnd()),
      pagingLine(v.paging, 'contacts'),
    ),
  productList: (v) =>
    lines(
      v.query ? `Products matching "${v.query}":` : 'Products:',
      ...v.items.map((p) => `  ${p.name} (${orDash(p.vendorName)}${p.sku ? `, ${p.sku}` : ''}) ${p.id}`),
      pagingLine(v.paging, 'products'),
    ),
  productDetail: (v) =>
    lines(
      `${v.product.name} (${orDash(v.product.vendorName)}) ${v.product.id}`,
      v.pricedFor ? `Prices for ${v.pricedFor.name}:` : 'Prices:',
      ...v.prices.map(
        (p) =>
          `  ${orDash(p.billingTerm)}${p.commitmentTerm ? ` / ${p.commitmentTerm}` : ''}: cost ${money(p.partnerCost, v.currency)}, price ${money(p.customerPrice, v.currency)} per ${orDash(p.unit)}`,
      ),
      v.commitments.length > 0 ? 'Commitments:' : 'No commitment needed.',
      ...v.commitments.map((c) => `  ${c.meaning}`),
      v.provisioning.length > 0 ? `Order needs: ${v.provisioning.map((d) => d.label).join(', ')}` : null,
    ),
  subscriptionList: (v) =>
    lines(
      `Subscriptions of ${v.company.name}:`,
      ...v.items.map((s) => `  ${s.productName}: ${orDash(s.quantity)} seats, ${orDash(s.status)}, ${orDash(s.billingTerm)}, ${money(s.price, s.currency)} ${s.id}`),
      pagingLine(v.paging, 'subscriptions'),
    ),
  subscriptionDetail: (v) =>
    lines(
      `${v.subscription.productName}${v.company ? ` for ${v.company.name}` : ''} ${v.subscription.id}`,
      `${orDash(v.subscription.quantity)} seats, ${orDash(v.subscription.status)}, ${orDash(v.subscription.billingTerm)}`,
      `Cost ${money(v.subscription.partnerCost, v.subscription.currency)}, price ${money(v.subscription.price, v.subscription.currency)} per seat`,
      v.subscription.commitmentTerm ? `Commitment ${v.subscription.commitmentTerm} ending ${day(v.subscription.commitmentEndDate)}` : null,
      `History (${v.history.length} of ${v.historyTotal}):`,
      ...v.history.map((h) => `  ${day(h.at)}: ${orDash(h.quantity)} seats, ${orDash(h.status)}`),
    ),
  orderList: (v) =>
    lines(
      `Orders of ${v.company.name}:`,
      ...v.items.map((o) => `  ${day(o.createdDate)} ${orDash(o.status)}: ${o.lineCount} lines, ${o.totalQuantity} units ${o.id}`),
      pagingLine(v.paging, 'orders'),
    ),
  orderDetail: (v) =>
    lines(
      `Order ${v.order.id}${v.company ? ` for ${v.company.name}` : ''}: ${orDash(v.order.status)}, ${day(v.order.createdDate)}, by ${orDash(v.order.orderedByUserEmail ?? v.order.orderedBy)}`,
      ...v.lines.map((l) => `  ${orDash(l.lineItemNumber)}. ${l.productName ?? orDash(l.productId)} x ${orDash(l.quantity)} ${orDash(l.billingTerm)}`),
    ),
  requestList: (v) =>
    lines(
      `Requests (${v.filter}):`,
      ...v.items.map((r) => `  ${day(r.createdAt)} [${r.state}] ${r.summary} (${orDash(r.requesterEmail)}) ${r.id}`),
      pagingLine(v.paging, 'requests'),
    ),
  renewalList: (v) =>
    lines(
      `Commitments ending in the next ${v.days} days${v.company ? ` for ${v.company.name}` : ''}:`,
      ...v.items.map(
        (r) =>
          `  ${day(r.renewsOn)} (${r.daysLeft} days) ${r.productName}${r.company ? ` - ${r.company.name}` : ''}: ${orDash(r.quantity)} seats; decrease window ${day(r.decreaseWindowOpens)} to ${day(r.decreaseWindowCloses)}`,
      ),
      pagingLine(v.paging, 'renewals'),
    ),
  auditList: (v) =>
    lines(
      `Audit log${v.from ? ` from ${day(v.from)}` : ''}${v.to ? ` to ${day(v.to)}` : ''}:`,
      ...v.items.map((a) => `  ${a.at} ${a.action} by ${orDash(a.actorEmail)}${a.toState ? ` -> ${a.toState}` : ''}${a.requestId ? ` (${a.requestId})` : ''}`),
      pagingLine(v.paging, 'entries'),
    ),
  approvalRequest: (v) => renderApprovalCardText(v.request),
  approvalResult: (v) => lines(v.message, v.request ? renderApprovalCardText(v.request) : null),
  detailsForm: (v) =>
    lines(
      `${v.product.name} needs these details before it can be ordered:`,
      ...v.fields.map((f) => `  ${f.key}=<${f.label}>${f.possibleValues.length > 0 ? ` (one of ${f.possibleValues.join(', ')})` : ''}`),
      `Add them to the command, e.g.: ${v.command} ${v.fields.map((f) => `${f.key}=...`).join(' ')}`,
    ),
  choices: (v) => lines(v.message, ...v.candidates.map((c, i) => `  ${i + 1}. ${c.label}${c.detail ? ` (${c.detail})` : ''}: ${c.command}`)),
  working: (v) => v.message,
  notice: (v) => lines(v.title, v.message),
  error: (v) => lines(v.message, v.usage ? `Usage: ${v.usage}` : null, ...v.examples.map((e) => `  e.g. ${e}`)),
};

/** Plain-text rendering of any view, for notifications and fallbacks. */
export function renderText(view: View): string {
  const render = renderers[view.kind] as (v: View) => string;
  return render(view);
}
