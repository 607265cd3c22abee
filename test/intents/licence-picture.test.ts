import { describe, expect, it } from 'vitest';
import { licencePicture, type Pax8Licence, type TenantSku, type TenantSubscription } from '../../src/intents/licence-picture.ts';

const bp = 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46'; // SPB, Microsoft 365 Business Premium
const exo = '4b9405b0-7788-4568-add1-99614e613b69'; // EXCHANGESTANDARD
const flow = 'f30db892-07e9-47e9-837c-80727f46fd3d'; // FLOW_FREE, Microsoft Power Automate Free
const unlisted = '0d3c1a7e-5b2f-4e61-9a8c-7f0e2b4d6a19'; // a SKU not in the shipped table

const sku = (skuId: string, part: string, enabled: number, consumed: number, more: Partial<TenantSku['prepaidUnits']> = {}): TenantSku => ({
  skuId, skuPartNumber: part, consumedUnits: consumed, capabilityStatus: 'Enabled', prepaidUnits: { enabled, warning: 0, suspended: 0, lockedOut: 0, ...more },
});
const pax8 = (id: string, vendorSkuId: string | null, quantity: number, more: Partial<Pax8Licence> = {}): Pax8Licence => ({
  id, productName: 'Microsoft 365 Business Premium', quantity, status: 'Active', billingTerm: 'Monthly', commitmentTerm: null, commitmentEndDate: null,
  vendorSkuId, vendorSubscriptionId: `commerce-${id}`, ...more,
});
const commerce = (id: string, skuId: string, total: number, status = 'Enabled'): TenantSubscription => ({ commerceSubscriptionId: id, skuId, totalLicenses: total, status });

describe('licencePicture', () => {
  it('pools two Pax8 subscriptions of one SKU against the tenant\'s one SKU, and agrees when the numbers match', () => {
    const picture = licencePicture({
      skus: [sku(bp, 'SPB', 15, 12)],
      subscriptions: [commerce('commerce-a', bp, 10), commerce('commerce-b', bp, 5)],
      pax8: [pax8('a', bp, 10), pax8('b', bp, 5, { billingTerm: 'Annual' })],
    });
    expect(picture.lines).toHaveLength(1);
    expect(picture.lines[0]).toMatchObject({ name: 'Microsoft 365 Business Premium', pax8Seats: 15, mismatch: null, source: 'pax8', tenant: { enabled: 15, consumed: 12, free: 3, elsewhere: 0 } });
    expect(picture.lines[0]?.pax8.map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('tells units bought elsewhere apart, and does not call them a mismatch', () => {
    const picture = licencePicture({
      skus: [sku(bp, 'SPB', 13, 13), sku(flow, 'FLOW_FREE', 10000, 3)],
      subscriptions: [commerce('commerce-a', bp, 10), commerce('csp-direct', bp, 3), commerce('free', flow, 10000)],
      pax8: [pax8('a', bp, 10)],
    });
    const [premium, free] = [picture.lines.find((l) => l.skuId === bp), picture.lines.find((l) => l.skuId === flow)];
    expect(premium).toMatchObject({ source: 'both', mismatch: null, tenant: { elsewhere: 3, free: 0 } });
    expect(free).toMatchObject({ name: 'Microsoft Power Automate Free', source: 'elsewhere', pax8Seats: 0, mismatch: null });
  });

  it('names a SKU the shipped table does not know by its part number', () => {
    const picture = licencePicture({ skus: [sku(unlisted, 'CONTOSO_SPECIAL', 5, 1)], subscriptions: [commerce('x', unlisted, 5)], pax8: [] });
    expect(picture.lines[0]).toMatchObject({ name: 'CONTOSO_SPECIAL', source: 'elsewhere' });
  });

  it('says when Pax8 bills more than the tenant shows, less, or a SKU the tenant does not have yet', () => {
    const more = licencePicture({ skus: [sku(bp, 'SPB', 8, 8)], subscriptions: [commerce('commerce-a', bp, 8)], pax8: [pax8('a', bp, 10)] });
    expect(more.lines[0]?.mismatch).toBe('Pax8 bills 10 seats; the tenant has 8 enabled from them (a change may still be reaching Microsoft)');
    const fewer = licencePicture({ skus: [sku(bp, 'SPB', 12, 8)], subscriptions: [commerce('commerce-a', bp, 12)], pax8: [pax8('a', bp, 1)] });
    expect(fewer.lines[0]?.mismatch).toBe('The tenant has 12 enabled from Pax8 subscriptions; Pax8 bills 1 seat (a reduction may still be reaching Microsoft)');
    const missing = licencePicture({ skus: [], subscriptions: [], pax8: [pax8('x', exo, 3, { productName: 'Exchange Online (Plan 1)' })] });
    expect(missing.lines[0]).toMatchObject({ name: 'Exchange Online (Plan 1)', tenant: null, mismatch: expect.stringMatching(/^Pax8 bills 3 seats the tenant does not show yet/) });
  });

  it('counts consumed beyond enabled as negative free seats, and keeps warning and suspended units apart', () => {
    const picture = licencePicture({ skus: [sku(bp, 'SPB', 5, 7, { warning: 2, suspended: 1 })], subscriptions: [], pax8: [] });
    expect(picture.lines[0]?.tenant).toMatchObject({ free: -2, warning: 2, suspended: 1 });
  });

  it('leaves cancelled Pax8 subscriptions out, keeps one pending cancellation, and lists those Pax8 did not tie to a SKU', () => {
    const picture = licencePicture({
      skus: [sku(bp, 'SPB', 4, 1)],
      subscriptions: [commerce('commerce-a', bp, 4)],
      pax8: [pax8('a', bp, 4, { status: 'PendingCancel' }), pax8('old', bp, 9, { status: 'Cancelled' }), pax8('n', null, 2)],
    });
    expect(picture.lines[0]).toMatchObject({ pax8Seats: 4, mismatch: null });
    expect(picture.unlinked.map((s) => s.id)).toEqual(['n']);
  });
});
