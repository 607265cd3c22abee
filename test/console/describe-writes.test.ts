import { describe, expect, it } from 'vitest';
import { countWrites, describeWrites, idsNamedBy, type LookedUpRecord, type SandboxWrite } from '../../src/console/describe-writes.ts';

const company = 'c0000000-0000-4000-8000-000000000001';
const product = 'p0000000-0000-4000-8000-000000000002';
const subscription = 's0000000-0000-4000-8000-000000000003';
const records: LookedUpRecord[] = [
  { id: company, kind: 'company', name: 'Harbor Dental PC' },
  { id: product, kind: 'product', name: 'Dropsuite Microsoft 365 Backup', vendorName: 'Dropsuite' },
  { id: subscription, kind: 'subscription', companyName: 'Cedar Hospitality Ltd.', productName: 'Keeper Business', quantity: 4, status: 'Active' },
];

let seq = 0;
function write(w: Partial<SandboxWrite> & Pick<SandboxWrite, 'method' | 'path'>): SandboxWrite {
  seq += 1;
  return { seq, at: `2026-11-30T10:00:${String(seq).padStart(2, '0')}.000Z`, query: {}, body: null, status: 200, ...w };
}
const order = (quantity: number) => ({ companyId: company, lineItems: [{ lineItemNumber: 1, productId: product, billingTerm: 'Monthly', quantity }] });

describe('describeWrites', () => {
  it('names the company, product and seats of an order, and tells a dry run from the order', () => {
    const writes = [write({ method: 'POST', path: '/v1/orders', query: { isMock: 'true' }, body: order(2), isMock: true }), write({ method: 'POST', path: '/v1/orders', body: order(2) })];
    const lines = describeWrites(writes, records, 30);
    expect(lines.map((l) => [l.action, l.company, l.product, l.quantity, l.outcome, l.dryRun])).toEqual([
      ['Order', 'Harbor Dental PC', 'Dropsuite Microsoft 365 Backup', '2 seats', 'done', false],
      ['Dry run of an order', 'Harbor Dental PC', 'Dropsuite Microsoft 365 Backup', '2 seats', 'accepted, nothing ordered', true],
    ]);
    expect(countWrites(lines)).toEqual({ writes: 1, dryRuns: 1 });
    expect(idsNamedBy(writes)).toEqual([company, product]);
  });

  it('names the subscription behind a seat change and a cancellation', () => {
    const lines = describeWrites(
      [
        write({ method: 'PUT', path: `/v1/subscriptions/${subscription}`, body: { quantity: 3 } }),
        write({ method: 'DELETE', path: `/v1/subscriptions/${subscription}`, query: { cancelDate: '2026-12-28' }, status: 204 }),
        write({ method: 'PUT', path: '/v1/subscriptions/gone', body: { quantity: 1 }, status: 404 }),
      ],
      records,
      30,
    );
    expect(lines.map((l) => [l.action, l.company, l.product, l.quantity, l.effectiveOn, l.outcome])).toEqual([
      ['Seat change', null, 'subscription gone', 'to 1 seat', null, 'refused (404)'],
      ['Cancellation', 'Cedar Hospitality Ltd.', 'Keeper Business', null, '2026-12-28', 'done'],
      ['Seat change', 'Cedar Hospitality Ltd.', 'Keeper Business', 'to 3 seats', null, 'done'],
    ]);
  });

  it('shows a request refused with 401 and sent again with a new token as one write, with the refused attempt', () => {
    const refused = write({ method: 'POST', path: '/v1/orders', body: order(5), status: 401 });
    const other = write({ method: 'PUT', path: `/v1/subscriptions/${subscription}`, body: { quantity: 3 } });
    const again = write({ method: 'POST', path: '/v1/orders', body: order(5) });
    const lines = describeWrites([refused, other, again], records, 30);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ seq: again.seq, action: 'Order', quantity: '5 seats', status: 200, resentAfter401: { seq: refused.seq, at: refused.at } });
    expect(lines[1]).toMatchObject({ seq: other.seq, resentAfter401: null });
    expect(countWrites(lines)).toEqual({ writes: 2, dryRuns: 0 });
  });

  it('keeps a 401 that was not sent again, and does not pair it with a different request', () => {
    const lines = describeWrites([write({ method: 'POST', path: '/v1/orders', body: order(5), status: 401 }), write({ method: 'POST', path: '/v1/orders', body: order(6) })], records, 30);
    expect(lines.map((l) => [l.quantity, l.outcome, l.resentAfter401])).toEqual([
      ['6 seats', 'done', null],
      ['5 seats', 'refused (401: no valid token), not sent again', null],
    ]);
  });

  it('takes a path with a malformed escape as it was sent', () => {
    const writes = [write({ method: 'DELETE', path: '/v1/subscriptions/%E0%A4%A', status: 404 })];
    expect(idsNamedBy(writes)).toEqual(['%E0%A4%A']);
    expect(describeWrites(writes, records, 30).map((l) => [l.action, l.product, l.outcome])).toEqual([['Cancellation', 'subscription %E0%A4%A', 'refused (404)']]);
  });

  it('says what a write without an answer, a lost answer and an unknown write are', () => {
    const lines = describeWrites(
      [
        write({ method: 'POST', path: '/v1/orders', body: order(1), status: null }),
        write({ method: 'POST', path: '/v1/orders', body: order(1), status: 200, responseLost: true }),
        write({ method: 'POST', path: '/v1/companies', body: { name: '${x} <!channel>' } }),
      ],
      [],
      2,
    );
    expect(lines.map((l) => [l.action, l.company, l.outcome])).toEqual([
      ['Write', null, 'done'],
      ['Order', `company ${company}`, 'applied (200), answer lost'],
    ]);
  });
});
