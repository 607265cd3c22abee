import { z } from 'zod';
import { discrepancyKinds, type Discrepancy, type Invoice, type Product, type Subscription } from '../model.ts';
import { cents } from '../prng.ts';
import type { SandboxData } from '../sandbox-data.ts';
import { billedStateAt, oneTimeTerms, stateAt } from '../seed/billing.ts';
import type { BillingLine } from './billing-line.ts';
import { monthOf, recordDiscrepancy } from './discrepancies.ts';
import { issuedLines, itemId } from './invoice-lines.ts';

/** Body of `POST /__sandbox/billing/discrepancies`. */
export const plantInputSchema = z
  .object({
    kind: z.enum(discrepancyKinds),
    invoiceId: z.string().min(1),
    subscriptionId: z.string().min(1).optional(),
    quantity: z.number().int().min(0).max(1_000_000).optional(),
    unitCost: z.number().min(0).max(1_000_000).optional(),
  })
  .strict();
export type PlantInput = z.output<typeof plantInputSchema>;

/** A planted discrepancy, or why it was refused (status and a message saying what to send instead). */
export type PlantResult = { ok: true; discrepancy: Discrepancy } | { ok: false; status: number; error: string };

const refuse = (status: number, error: string): PlantResult => ({ ok: false, status, error });

/** A line a quantity, price or dropped discrepancy may target: a whole period of a subscription (not usage). */
export const isRecurring = (line: BillingLine): boolean => line.type === 'subscription' && line.sub !== undefined && line.term !== 'Arrears';

interface Target {
  key: string;
  sub: Subscription | undefined;
  product: Product;
  expected?: { quantity: number; unitCost: number };
  billed?: { quantity: number; unitCost: number };
}

function lineTarget(input: PlantInput, lines: readonly BillingLine[], taken: ReadonlySet<string>, invoice: Invoice): Target | PlantResult {
  if (input.kind === 'dropped' && (input.quantity !== undefined || input.unitCost !== undefined)) return refuse(400, 'a dropped line takes no quantity or unitCost');
  if (input.kind === 'quantity' && input.unitCost !== undefined) return refuse(400, 'a quantity discrepancy takes "quantity", not "unitCost"');
  if (input.kind === 'price' && input.quantity !== undefined) return refuse(400, 'a price discrepancy takes "unitCost", not "quantity"');
  const free = lines.filter((l) => isRecurring(l) && !taken.has(l.key) && (input.subscriptionId === undefined || l.sub?.id === input.subscriptionId));
  const line = free[0];
  if (!line) {
    const what = input.subscriptionId === undefined ? 'no recurring line' : `no recurring line of subscription ${input.subscriptionId}`;
    const billed = [...new Set(lines.filter(isRecurring).map((l) => l.sub?.id))].join(', ');
    return refuse(422, `invoice ${invoice.id} has ${what} without a planted discrepancy; its recurring lines bill: ${billed || 'nothing'}`);
  }
  const expected = { quantity: line.quantity, unitCost: line.cost };
  const base = { key: line.key, sub: line.sub, product: line.product, expected };
  if (input.kind === 'dropped') return base;
  const billed = input.kind === 'quantity'
    ? { quantity: input.quantity ?? line.quantity + 2, unitCost: line.cost }
    : { quantity: line.quantity, unitCost: input.unitCost ?? cents(Math.max(1, line.cost * 1.15)) };
  if (billed.quantity === expected.quantity && billed.unitCost === expected.unitCost) {
    return refuse(422, `the line already bills ${line.quantity} at ${line.cost}: give a different ${input.kind === 'quantity' ? 'quantity' : 'unitCost'}`);
  }
  return { ...base, billed };
}

/** The unit cost an added line charges by default: what the subscription cost then, else the product's monthly cost. */
function defaultCost(sub: Subscription | undefined, product: Product, at: number): { quantity: number; unitCost: number } {
  const state = sub ? (stateAt(sub, at) ?? sub.history[0]) : undefined;
  const monthly = product.prices.find((p) => p.billingTerm === 'Monthly')?.partnerBuyRate;
  return { quantity: state?.quantity ?? 1, unitCost: state?.billingTerm === 'Monthly' ? state.partnerCost : (monthly ?? state?.partnerCost ?? 0) };
}

function addedTarget(data: SandboxData, input: PlantInput, lines: readonly BillingLine[], invoice: Invoice, key: string): Target | PlantResult {
  const onInvoice = new Set(lines.map((l) => l.sub?.id));
  const own = data.subscriptionsByCompany.get(invoice.companyId) ?? [];
  let sub: Subscription | undefined;
  if (input.subscriptionId !== undefined) {
    sub = own.find((s) => s.id === input.subscriptionId);
    if (!sub) return refuse(404, `subscription ${input.subscriptionId} is not one of company ${invoice.companyId}'s`);
    if (onInvoice.has(sub.id)) return refuse(422, `subscription ${sub.id} is billed on invoice ${invoice.id}: plant "quantity" or "price" to bill it wrongly`);
    if (billedStateAt(sub, invoice.monthStart)) return refuse(422, `subscription ${sub.id} is billable on ${monthOf(invoice)}-01 (its period was billed before): an added line for it would not be an error of this kind`);
  } else {
    sub = own.find((s) => !onInvoice.has(s.id) && !billedStateAt(s, invoice.monthStart) && !oneTimeTerms.has(s.state.billingTerm) && !data.productsById.get(s.productId)?.usageBased);
  }
  const held = new Set(own.map((s) => s.productId));
  const product = sub ? data.productsById.get(sub.productId) : data.products.find((p) => !held.has(p.id) && !p.usageBased && p.requiresProductIds.length === 0 && p.prices.some((o) => o.billingTerm === 'Monthly'));
  if (!product) return refuse(422, `company ${invoice.companyId} has nothing that could be billed by mistake`);
  const defaults = defaultCost(sub, product, invoice.monthStart);
  return { key, sub, product, billed: { quantity: input.quantity ?? defaults.quantity, unitCost: input.unitCost ?? defaults.unitCost } };
}

function describe(kind: PlantInput['kind'], t: Target, month: string): string {
  const name = t.product.name;
  if (kind === 'quantity') return `${name} billed for ${t.billed?.quantity} seats in ${month}; the subscription held ${t.expected?.quantity}`;
  if (kind === 'price') return `${name} billed at ${t.billed?.unitCost} per unit in ${month}; the partner cost in effect was ${t.expected?.unitCost}`;
  if (kind === 'dropped') return `${name} (${t.expected?.quantity} seats) was billable for ${month} but is not on the invoice`;
  return t.sub
    ? `${name} billed for ${t.billed?.quantity} seats in ${month} although the subscription was not billable then`
    : `${name} billed for ${t.billed?.quantity} seats in ${month} although the company holds no subscription of it`;
}

/**
 * Plants an invoice error for reconciliation to find: `quantity` or `price` changes a recurring
 * line, `dropped` removes one, `added` bills the invoice month for a subscription that was not
 * billable then (or a product the company never held). Refuses what would not be a real error.
 */
export function plantDiscrepancy(data: SandboxData, input: PlantInput, source: Discrepancy['source']): PlantResult {
  const invoice = data.invoicesById.get(input.invoiceId);
  if (!invoice) return refuse(404, `no invoice ${input.invoiceId} in this account; GET /v1/invoices lists them`);
  if (invoice.status === 'Credited') {
    const replacement = data.invoices.find((i) => i.replaces === invoice.id);
    return refuse(422, `invoice ${invoice.id} was Credited${replacement ? ` and replaced by ${replacement.id}: plant the error there` : ''}`);
  }
  const id = `disc-${data.discrepancies.length + 1}`;
  const lines = issuedLines(data, invoice);
  const planted = data.discrepanciesByInvoice.get(invoice.id) ?? [];
  const taken = new Set(planted.map((d) => d.lineKey));
  const target = input.kind === 'added' ? addedTarget(data, input, lines, invoice, `added:${id}`) : lineTarget(input, lines, taken, invoice);
  if ('ok' in target) return target;
  const month = monthOf(invoice);
  const discrepancy: Discrepancy = {
    id, kind: input.kind, source, invoiceId: invoice.id, companyId: invoice.companyId, month,
    subscriptionId: target.sub?.id ?? null, productId: target.product.id, lineId: itemId(invoice, target.key), lineKey: target.key,
    expectedQuantity: target.expected?.quantity ?? null, billedQuantity: target.billed?.quantity ?? null,
    expectedUnitCost: target.expected?.unitCost ?? null, billedUnitCost: target.billed?.unitCost ?? null,
    description: describe(input.kind, target, month),
  };
  recordDiscrepancy(data, discrepancy);
  return { ok: true, discrepancy };
}
