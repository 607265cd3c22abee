/**
 * The guards and arithmetic of licence findings, on pictures built by `licencePicture` itself:
 * trials, free and very large licences are left out (and counted), a reduction never goes below the
 * assigned seats nor removes a subscription's last seat, seats bought elsewhere get no Reduce, and
 * the ignore list hides a company's licence by part number or id.
 */
import { describe, expect, it } from 'vitest';
import { companyFindings, findingFingerprint, type IgnoreEntry, type SeatFinding } from '../../src/intents/licence-findings.ts';
import { licencePicture, type Pax8Licence, type TenantSku } from '../../src/intents/licence-picture.ts';

const company = { id: 'c-1', name: 'Contoso Ltd', account: 'us' };
const ids = { e3: '05e9a617-0261-4cee-bb44-138d3ef5d965', flow: 'f30db892-07e9-47e9-837c-80727f46fd3d', spb: 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46', p1: '078d2b04-f1bd-4111-bbd4-b4b1b354cef4', big: '11111111-2222-3333-4444-555555555555' };

const sku = (skuId: string, skuPartNumber: string, enabled: number, consumed: number): TenantSku => ({
  skuId, skuPartNumber, consumedUnits: consumed, prepaidUnits: { enabled, warning: 0, suspended: 0, lockedOut: 0 }, capabilityStatus: 'Enabled',
});
const sub = (id: string, vendorSkuId: string, quantity: number, more: Partial<Pax8Licence> = {}): Pax8Licence => ({
  id, productName: id, quantity, status: 'Active', billingTerm: 'Monthly', commitmentTerm: 'Monthly', commitmentEndDate: '2026-12-01T00:00:00Z', vendorSkuId, vendorSubscriptionId: `cs-${id}`, ...more,
});
const commerce = (id: string, skuId: string, totalLicenses: number, isTrial = false) => ({ commerceSubscriptionId: `cs-${id}`, skuId, totalLicenses, status: 'Enabled', isTrial });

function findings(input: { skus: TenantSku[]; pax8: Pax8Licence[]; subscriptions?: ReturnType<typeof commerce>[]; ignores?: IgnoreEntry[]; blocked?: { userPrincipalName: string; assignedLicenses: { skuId: string }[] }[] }) {
  const subscriptions = input.subscriptions ?? input.pax8.map((s) => commerce(s.id, s.vendorSkuId ?? '', s.quantity ?? 0));
  const picture = licencePicture({ skus: input.skus, subscriptions, pax8: input.pax8 });
  return companyFindings({ company, picture, trials: subscriptions, blocked: input.blocked ?? [], ignores: input.ignores ?? [] });
}

describe('licence findings', () => {
  it('proposes the largest subscription down by the free seats, never below the assigned ones', () => {
    const result = findings({ skus: [sku(ids.e3, 'SPE_E3', 30, 21)], pax8: [sub('a', ids.e3, 20), sub('b', ids.e3, 10)] });
    const [finding] = result.findings as SeatFinding[];
    expect(finding).toMatchObject({ type: 'surplus', sku: 'SPE_E3', enabled: 30, consumed: 21, unused: 9, paid: 30, reduce: { subscription: { id: 'a' }, to: 11 } });
    // Reducing `a` to 11 leaves 21 enabled: exactly the assigned seats.
    expect(30 - (20 - (finding?.reduce?.to ?? 0))).toBe(21);
  });

  it("never removes a subscription's last seat, and proposes nothing when every seat is assigned", () => {
    expect(findings({ skus: [sku(ids.e3, 'SPE_E3', 1, 0)], pax8: [sub('a', ids.e3, 1)] }).findings).toEqual([expect.objectContaining({ type: 'surplus', reduce: null })]);
    expect(findings({ skus: [sku(ids.e3, 'SPE_E3', 5, 5)], pax8: [sub('a', ids.e3, 5)] }).findings).toEqual([]);
  });

  it("says seats bought outside Pax8 are not Pax8's to reduce", () => {
    const result = findings({ skus: [sku(ids.p1, 'AAD_PREMIUM', 8, 6)], pax8: [], subscriptions: [commerce('x', ids.p1, 8)] });
    expect(result.findings).toEqual([expect.objectContaining({ type: 'elsewhere', unused: 2, paid: 0, elsewhere: 8, reduce: null })]);
  });

  it('leaves out trials (Pax8 or the tenant saying so), free licences and licences of 10,000 units or more, and counts them', () => {
    const result = findings({
      skus: [sku(ids.spb, 'SPB', 25, 3), sku(ids.e3, 'SPE_E3', 10, 2), sku(ids.flow, 'FLOW_FREE', 10_000, 12), sku(ids.big, 'SITE_WIDE', 10_000, 40)],
      pax8: [sub('t', ids.spb, 25, { billingTerm: 'Trial', status: 'Trial' })],
      subscriptions: [commerce('t', ids.spb, 25, true), commerce('e', ids.e3, 10, true), commerce('f', ids.flow, 10_000), commerce('b', ids.big, 10_000)],
    });
    expect(result.findings).toEqual([]);
    expect(result.skipped).toEqual({ trial: 2, free: 1, large: 1, changing: 0 });
  });

  it('waits while Pax8 and the tenant disagree (a change on its way to Microsoft)', () => {
    const result = findings({ skus: [sku(ids.e3, 'SPE_E3', 10, 4)], pax8: [sub('a', ids.e3, 12)], subscriptions: [commerce('a', ids.e3, 10)] });
    expect(result.findings).toEqual([]);
    expect(result.skipped.changing).toBe(1);
  });

  it('hides an ignored company licence by part number or SKU id, company by id or name, and counts it', () => {
    const input = { skus: [sku(ids.e3, 'SPE_E3', 10, 4), sku(ids.p1, 'AAD_PREMIUM', 5, 1)], pax8: [sub('a', ids.e3, 10), sub('p', ids.p1, 5)] };
    expect(findings({ ...input, ignores: [{ company: 'contoso ltd', sku: 'spe_e3' }] })).toMatchObject({ ignored: 1, findings: [{ sku: 'AAD_PREMIUM' }] });
    expect(findings({ ...input, ignores: [{ company: 'c-1', sku: ids.p1.toUpperCase() }] })).toMatchObject({ ignored: 1, findings: [{ sku: 'SPE_E3' }] });
    expect(findings({ ...input, ignores: [{ company: 'Fabrikam', sku: 'SPE_E3' }] }).findings).toHaveLength(2);
  });

  it("lists blocked users by the licences that cost: free and ignored ones are not a reason to offboard", () => {
    const skus = [sku(ids.e3, 'SPE_E3', 10, 10), sku(ids.flow, 'FLOW_FREE', 10_000, 12)];
    const pax8 = [sub('a', ids.e3, 10)];
    const blocked = [
      { userPrincipalName: 'ann@contoso.com', assignedLicenses: [{ skuId: ids.e3 }, { skuId: ids.flow }] },
      { userPrincipalName: 'bob@contoso.com', assignedLicenses: [{ skuId: ids.flow }] },
    ];
    const result = findings({ skus, pax8, blocked });
    expect(result.findings).toEqual([expect.objectContaining({ type: 'blocked', upn: 'ann@contoso.com', licences: [expect.objectContaining({ sku: 'SPE_E3' })] })]);
    expect(findings({ skus, pax8, blocked, ignores: [{ company: 'c-1', sku: 'SPE_E3' }] })).toMatchObject({ findings: [], ignored: 1 });
  });

  it('fingerprints change with the numbers a reader sees', () => {
    const a = findings({ skus: [sku(ids.e3, 'SPE_E3', 10, 4)], pax8: [sub('a', ids.e3, 10)] }).findings[0];
    const b = findings({ skus: [sku(ids.e3, 'SPE_E3', 10, 5)], pax8: [sub('a', ids.e3, 10)] }).findings[0];
    expect(a?.key).toBe(b?.key);
    expect(a && findingFingerprint(a)).not.toBe(b && findingFingerprint(b));
  });
});
