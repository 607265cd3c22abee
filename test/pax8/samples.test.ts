import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildCreateOrderBody, parsePax8ErrorBody, type CreateOrderInput } from '../../src/pax8/index.ts';
import { contentSchema, pageSchema } from '../../src/pax8/schemas/common.ts';
import { companyCreateSchema, companySchema } from '../../src/pax8/schemas/company.ts';
import { invoiceItemSchema, invoiceSchema } from '../../src/pax8/schemas/invoice.ts';
import { orderSchema } from '../../src/pax8/schemas/order.ts';
import { productDependenciesSchema, productSchema, provisioningDetailSchema } from '../../src/pax8/schemas/product.ts';
import { quantityUpdateSchema, subscriptionHistorySchema, subscriptionSchema } from '../../src/pax8/schemas/subscription.ts';
import { tokenRequestSchema, tokenResponseSchema } from '../../src/pax8/schemas/token.ts';
import { usageLineSchema, usageSummarySchema } from '../../src/pax8/schemas/usage.ts';

const dir = join(import.meta.dirname, '..', 'reference', 'pax8', 'samples');

/** Each official example and the schema the client reads (or, for request bodies, writes) it with. */
const schemaFor: Record<string, z.ZodType> = {
  'auth-token-request-example.json': tokenRequestSchema,
  'auth-token-response-example.json': tokenResponseSchema,
  'partner-companies-paged.json': pageSchema(companySchema),
  'partner-company-0.json': companySchema,
  'partner-company-post.json': companyCreateSchema,
  'partner-company-update-post.json': companySchema,
  'partner-dependencies-example.json': productDependenciesSchema,
  'partner-draft-invoice-items.json': pageSchema(invoiceItemSchema),
  'partner-invoice-0.json': invoiceSchema,
  'partner-invoice-items.json': pageSchema(invoiceItemSchema),
  'partner-invoices-paged.json': pageSchema(invoiceSchema),
  'partner-microsoft-office-365-e3-details.json': contentSchema(provisioningDetailSchema),
  'partner-microsoft-office-365-e3-order-get-response.json': orderSchema,
  'partner-microsoft-office-365-e3-order-response.json': orderSchema,
  'partner-microsoft-office-365-e3-order.json': orderSchema,
  'partner-microsoft-office-365-e3-subscription.json': subscriptionSchema,
  'partner-microsoft-office-365-e3.json': productSchema,
  'partner-subscription-history.json': contentSchema(subscriptionHistorySchema),
  'partner-subscriptions-paged.json': pageSchema(subscriptionSchema),
  'partner-usage-lines-paged.json': pageSchema(usageLineSchema),
  'partner-usage-summaries-paged.json': pageSchema(usageSummarySchema),
};

/** Examples that are not parsed with a schema above, each with its own assertions below. */
const handledSeparately = new Set(['auth-token-error-auth-example.json', 'partner-subscription-update-example.json']);

const load = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));

describe('official Pax8 examples', () => {
  const files = readdirSync(dir).filter((file) => file.endsWith('.json'));

  it('every example file is mapped', () => {
    expect(files.length).toBeGreaterThanOrEqual(23);
    expect(files.filter((file) => !(file in schemaFor) && !handledSeparately.has(file))).toEqual([]);
  });

  it.each(files.filter((file) => file in schemaFor))('%s parses', (file) => {
    const result = (schemaFor[file] as z.ZodType).safeParse(load(file));
    expect(result.error?.issues).toBeUndefined();
    expect(result.success).toBe(true);
  });

  it('the token error example parses as an error body', () => {
    expect(parsePax8ErrorBody(readFileSync(join(dir, 'auth-token-error-auth-example.json'), 'utf8'))).toEqual({
      type: 'access_denied',
      message: 'Unauthorized',
      details: [],
    });
  });

  it('the subscription update example is refused as a seat change: only {quantity} is ever sent', () => {
    const example = load('partner-subscription-update-example.json') as { quantity: number };
    expect(quantityUpdateSchema.safeParse(example).success).toBe(false);
    expect(quantityUpdateSchema.parse({ quantity: example.quantity })).toEqual({ quantity: 11 });
  });

  it('the order example reads with commitmentTermID normalised, and its typos are refused when writing', () => {
    const example = load('partner-microsoft-office-365-e3-order.json');
    const read = orderSchema.parse(example);
    expect(read.lineItems[0]?.commitmentTermId).toBe('c000effb-98c9-4ea0-bf00-f6112c6d7649');
    expect(() => buildCreateOrderBody(example as CreateOrderInput)).toThrow();
  });

  it('the paged subscriptions example keeps mixed date formats as sent', () => {
    const page = pageSchema(subscriptionSchema).parse(load('partner-subscriptions-paged.json'));
    expect(page.content[1]?.endDate).toBe('2020-11-18');
    expect(page.page.totalPages).toBe(11);
  });
});
