import { describe, expect, it } from 'vitest';
import { buildCreateOrderBody, holdsSeats, isClosedSubscription, isLiveSubscription, parsePax8Date, parsePax8ErrorBody, parseVendorSku } from '../../src/pax8/index.ts';
import { companyCreateSchema, companyUpdateSchema } from '../../src/pax8/schemas/company.ts';
import { invoiceItemSchema, invoiceSchema } from '../../src/pax8/schemas/invoice.ts';
import { orderSchema } from '../../src/pax8/schemas/order.ts';
import { productSchema } from '../../src/pax8/schemas/product.ts';
import { subscriptionSchema } from '../../src/pax8/schemas/subscription.ts';
import { usageSummarySchema } from '../../src/pax8/schemas/usage.ts';

const uuid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('lenient reading (WIRE-NOTES spec-vs-wire table)', () => {
  it('accepts commitment and commitmentTerm, exposing commitment', () => {
    const endDate = '2026-01-01T00:00:00Z';
    expect(subscriptionSchema.parse({ id: 's', commitment: { term: 'Annual', endDate } }).commitment).toEqual({ term: 'Annual', endDate });
    const spec = subscriptionSchema.parse({ id: 's', commitmentTerm: { term: '3-Year' } });
    expect(spec.commitment?.term).toBe('3-Year');
    expect('commitmentTerm' in spec).toBe(false);
  });

  it('keeps invoice and order status, normalises orderedBy', () => {
    expect(invoiceSchema.parse({ id: 'i', status: 'Nothing Due' }).status).toBe('Nothing Due');
    const order = orderSchema.parse({ id: 'o', orderedBy: 'Pax8Partner', status: 'PendingManual', lineItems: null });
    expect([order.orderedBy, order.status, order.lineItems]).toEqual(['Pax8 Partner', 'PendingManual', []]);
  });

  it('reads rateType as a bare lower-case word, whatever the spelling', () => {
    for (const [sent, read] of [
      ['single (Single price for any quantity, same as flat)', 'single'],
      ['Flat', 'flat'],
      ['volume', 'volume'],
    ]) {
      expect(invoiceItemSchema.parse({ rateType: sent }).rateType).toBe(read);
    }
  });

  it('reads vendorSku as plain text, JSON text or an object', () => {
    expect(parseVendorSku(productSchema.parse({ id: 'p', name: 'E3', vendorSku: '796B6B5F' }).vendorSku)).toBe('796B6B5F');
    expect(parseVendorSku(productSchema.parse({ id: 'p', name: 'E3', vendorSku: '{"skuId": 12345, "x": 1}' }).vendorSku)).toBe('12345');
    expect(parseVendorSku(productSchema.parse({ id: 'p', name: 'E3', vendorSku: { skuId: 7 } }).vendorSku)).toBe('7');
  });

  it('accepts a usage summary without companyId, null fields and unknown fields', () => {
    const summary = usageSummarySchema.parse({ id: 'u', subscriptionId: 's', currencyCode: 'EUR', resourceGroup: null, newField: { a: 1 } });
    expect(summary).toEqual({ id: 'u', subscriptionId: 's', currencyCode: 'EUR', resourceGroup: null });
  });

  it('reads every date spelling seen on the wire', () => {
    expect(parsePax8Date('2020-12-01')?.toISOString()).toBe('2020-12-01T00:00:00.000Z');
    expect(parsePax8Date('2023-08-11T11:33:12.314-0600')?.toISOString()).toBe('2023-08-11T17:33:12.314Z');
    expect(parsePax8Date('2021-01-01T08:30:00Z')?.toISOString()).toBe('2021-01-01T08:30:00.000Z');
    expect(parsePax8Date('not a date')).toBeUndefined();
  });
});

describe('strict writing', () => {
  it('builds an order with fixed orderedBy and numbered lines, and refuses the typo spelling', () => {
    const body = buildCreateOrderBody({
      companyId: uuid(1),
      lineItems: [
        { productId: uuid(2), quantity: 1, billingTerm: 'Monthly' },
        { productId: uuid(3), quantity: 2, billingTerm: 'Monthly', parentLineItemNumber: 1 },
      ],
    });
    expect(body.orderedBy).toBe('Pax8 Partner');
    expect(body.lineItems.map((line) => line.lineItemNumber)).toEqual([1, 2]);
    const typo = { companyId: uuid(1), lineItems: [{ productId: uuid(2), quantity: 1, billingTerm: 'Monthly', commitmentTermID: uuid(4) }] };
    expect(() => buildCreateOrderBody(typo as never)).toThrow(/commitmentTermID/);
    expect(() => buildCreateOrderBody({ companyId: uuid(1), lineItems: [] })).toThrow();
  });

  it('refuses read-only and unknown fields on company writes', () => {
    expect(companyUpdateSchema.safeParse({ status: 'Active' }).success).toBe(false);
    expect(companyUpdateSchema.safeParse({}).success).toBe(false);
    expect(companyUpdateSchema.safeParse({ phone: '555' }).success).toBe(true);
    const base = {
      name: 'A',
      address: { street: 's', city: 'c', stateOrProvince: 'CO', postalCode: '1', country: 'us' },
      phone: '1',
      website: 'w',
      billOnBehalfOfEnabled: false,
      selfServiceAllowed: false,
      orderApprovalRequired: false,
    };
    expect(companyCreateSchema.safeParse(base).error?.issues[0]?.path).toEqual(['address', 'country']);
  });
});

describe('error bodies', () => {
  it('reads all three shapes', () => {
    expect(parsePax8ErrorBody('{"type":"NOT_FOUND","message":"Company Not Found: x","instance":"/p","status":404,"details":[{"message":"d1"}]}')).toEqual({
      type: 'NOT_FOUND',
      message: 'Company Not Found: x',
      details: ['d1'],
    });
    expect(parsePax8ErrorBody('{"errors":["Quantity cannot be decreased during commitment"]}')).toEqual({
      details: ['Quantity cannot be decreased during commitment'],
    });
    expect(parsePax8ErrorBody('{"error":"access_denied","error_description":"Unauthorized"}')).toEqual({
      type: 'access_denied',
      message: 'Unauthorized',
      details: [],
    });
    expect(parsePax8ErrorBody('<html>bad gateway</html>')).toBeUndefined();
  });
});

describe('what a subscription status says', () => {
  // Every status the published API and the sandbox use, with: live (a seat added reaches the tenant at once), closed, holds seats.
  const statuses: [string, boolean, boolean, boolean][] = [
    ['Active', true, false, true],
    ['Activated', true, false, true],
    ['Trial', false, false, true],
    ['PendingManual', false, false, true],
    ['PendingAutomated', false, false, true],
    ['PendingActivation', false, false, true],
    ['WaitingForDetails', false, false, true],
    ['PendingCancel', false, true, true],
    ['Cancelled', false, true, false],
    ['Converted', false, false, false],
  ];
  it.each(statuses)('%s: live %s, closed %s, holds seats %s', (status, live, closed, holds) => {
    for (const spelling of [status, status.toLowerCase(), status.toUpperCase()]) {
      expect(isLiveSubscription({ status: spelling })).toBe(live);
      expect(isClosedSubscription({ status: spelling })).toBe(closed);
      expect(holdsSeats({ status: spelling })).toBe(holds);
    }
  });
  it('a subscription without a status is neither live nor closed', () => {
    expect(isLiveSubscription({})).toBe(false);
    expect(isClosedSubscription({ status: null })).toBe(false);
  });
});
