import type { CommitmentOption, PriceOption, Product } from '../model.ts';
import { notFound } from '../http/api-error.ts';
import type { SandboxData } from '../sandbox-data.ts';
import type { CreateOrderInput, OrderLineInput } from '../routes/order-schema.ts';
import { provisioningProblems } from './provisioning.ts';

/** A line that passed validation, with what creation needs. */
export interface CheckedLine {
  input: OrderLineInput;
  product: Product;
  price: PriceOption;
  commitment?: CommitmentOption;
}

function commitmentProblems(product: Product, line: OrderLineInput): { problems: string[]; commitment?: CommitmentOption } {
  const id = line.commitmentTermId;
  if (id === undefined) {
    return { problems: product.requiresCommitment ? [`commitmentTermId is required for product ${product.id} (${product.name})`] : [] };
  }
  const commitment = product.commitments.find((c) => c.id === id);
  if (!commitment) return { problems: [`Invalid commitmentTermId ${id} for product ${product.id}`] };
  if (!commitment.billingTerms.includes(line.billingTerm)) {
    return { problems: [`Commitment term ${commitment.term} does not allow billing term ${line.billingTerm}`] };
  }
  return { problems: [], commitment };
}

function parentProblems(data: SandboxData, order: CreateOrderInput, line: OrderLineInput, product: Product): string[] {
  if (line.parentSubscriptionId !== undefined) {
    const parent = data.subscriptionsById.get(line.parentSubscriptionId);
    if (!parent || parent.companyId !== order.companyId) return [`Parent subscription not found: ${line.parentSubscriptionId}`];
    if (product.requiresProductIds.length > 0 && !product.requiresProductIds.includes(parent.productId)) return [`Parent subscription ${parent.id} is not a required product`];
    return [];
  }
  if (line.parentLineItemNumber !== undefined) {
    const parentLine = order.lineItems.find((l) => l.lineItemNumber === line.parentLineItemNumber);
    if (!parentLine || parentLine === line) return [`parentLineItemNumber ${line.parentLineItemNumber} does not reference another line`];
    return [];
  }
  return product.requiresProductIds.length > 0 ? [`${product.name} is an add-on: parentSubscriptionId or parentLineItemNumber is required`] : [];
}

/**
 * Validates every line of an order the way Pax8 does before creating anything: unknown products are
 * a 404, every other problem is collected (prefixed with the line number) for one 422.
 */
export function checkOrderLines(data: SandboxData, order: CreateOrderInput): { lines: CheckedLine[]; problems: string[] } {
  const problems: string[] = [];
  const lines: CheckedLine[] = [];
  const numbers = new Set<number>();
  for (const line of order.lineItems) {
    const product = data.productsById.get(line.productId);
    if (!product) throw notFound('Product', line.productId);
    const prefix = `lineItems[${line.lineItemNumber}]`;
    if (numbers.has(line.lineItemNumber)) problems.push(`${prefix}: duplicate lineItemNumber`);
    numbers.add(line.lineItemNumber);
    const { problems: commitmentIssues, commitment } = commitmentProblems(product, line);
    const price = product.prices.find((p) => p.billingTerm === line.billingTerm && (commitment === undefined || p.commitmentTerm === commitment.term));
    const issues = [
      ...(price ? [] : [`Billing term ${line.billingTerm} is not available for product ${product.name}`]),
      ...commitmentIssues,
      ...provisioningProblems(product, line.provisioningDetails ?? []),
      ...parentProblems(data, order, line, product),
    ];
    problems.push(...issues.map((issue) => `${prefix}: ${issue}`));
    if (issues.length === 0 && price) lines.push({ input: line, product, price, ...(commitment ? { commitment } : {}) });
  }
  return { lines, problems };
}
