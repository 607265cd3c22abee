import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wire } from '../helpers/sandbox-http.ts';
import { first } from '../helpers/sandbox-http.ts';
import { type MicrosoftHarness, type Ms, startMicrosoftHarness, type TenantRow } from '../helpers/microsoft-sandbox.ts';

/** Ten minutes of sandbox time between a Pax8 change and the tenant showing it. */
const DELAY = { provisioningDelaySeconds: 600 };

let h: MicrosoftHarness;
let tenant: TenantRow;
let token: string;
let exchange: Wire;

const details = (extra: { key: string; values: string[] }[]) => [
  ...extra,
  { key: 'mca2020FirstName', values: ['Emma'] },
  { key: 'mca2020LastName', values: ['Nguyen'] },
  { key: 'mca2020Email', values: ['emma@example.com'] },
  { key: 'mca2020EffectiveDate', values: ['2025-06-01'] },
];
const existingTenant = (id: string) => details([{ key: 'msCustExists', values: ['Yes, the customer has and can log into their Microsoft account'] }, { key: 'msTenantId', values: [id] }]);

async function graph(path: string): Promise<Ms> {
  token = await h.tokenFor(tenant.tenantId);
  const res = await h.graph(token, 'GET', path);
  expect(res.status).toBe(200);
  return res.body;
}

const skuEntry = async (skuId: string): Promise<Ms | undefined> => (await graph('/subscribedSkus')).value.find((s) => s.skuId === skuId);
const commerce = async (commerceId: string): Promise<Ms | undefined> => (await graph('/directory/subscriptions')).value.find((s) => s.commerceSubscriptionId === commerceId);

/** Orders `quantity` seats of a product for the tenant's company on a 1-year commitment, billed monthly. */
async function order(product: Wire, quantity: number, companyId = tenant.companyId, provisioning = existingTenant(tenant.tenantId)): Promise<string> {
  const commitment = first((await h.api('GET', `/products/${product.id}/dependencies`)).body.commitmentDependencies.filter((d) => d.term === '1-Year'));
  const res = await h.api('POST', '/orders', {
    companyId,
    lineItems: [{ lineItemNumber: 1, productId: product.id, commitmentTermId: commitment.id, billingTerm: 'Monthly', quantity, provisioningDetails: provisioning }],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return first(res.body.lineItems).subscriptionId;
}

beforeAll(async () => {
  h = await startMicrosoftHarness(DELAY);
  tenant = first(await h.usableTenants(20));
  exchange = first((await h.api('GET', '/products?search=Exchange%20Online%20(Plan%201)')).body.content);
});
afterAll(() => h.close());

describe('a tenant follows its company at Pax8', () => {
  it('links each Pax8 subscription by vendorSkuId (single GET only) and vendorSubscriptionId to Graph', async () => {
    const subs = (await h.api('GET', `/subscriptions?companyId=${tenant.companyId}&status=Active&size=200`)).body.content;
    const microsoft = subs.filter((s) => typeof s.vendorSubscriptionId === 'string' && !String(s.productName).includes('Azure'));
    expect(microsoft.length).toBeGreaterThan(0);
    expect(subs.every((s) => s.vendorSkuId === undefined)).toBe(true);
    const skus = (await graph('/subscribedSkus')).value;
    const directory = (await graph('/directory/subscriptions')).value;
    for (const listed of microsoft) {
      const single = (await h.api('GET', `/subscriptions/${listed.id}`)).body;
      const product = (await h.api('GET', `/products/${listed.productId}`)).body;
      expect(product.vendorSku).not.toBe(single.vendorSkuId);
      const sub = directory.find((d) => d.commerceSubscriptionId === single.vendorSubscriptionId);
      expect(sub).toMatchObject({ skuId: single.vendorSkuId, totalLicenses: single.quantity, status: 'Enabled' });
      expect(skus.find((s) => s.skuId === single.vendorSkuId)?.subscriptionIds).toContain(sub?.id);
    }
  });

  it('shows licences bought outside Pax8: commerce subscriptions no Pax8 subscription explains', async () => {
    let elsewhere = 0;
    for (const t of await h.usableTenants()) {
      const pax8 = new Set((await h.api('GET', `/subscriptions?companyId=${t.companyId}&size=200`)).body.content.map((s) => String(s.vendorSubscriptionId)));
      const tk = await h.tokenFor(t.tenantId);
      elsewhere += (await h.graph(tk, 'GET', '/directory/subscriptions')).body.value.filter((s) => !pax8.has(s.commerceSubscriptionId)).length;
    }
    expect(elsewhere).toBeGreaterThan(0);
  });

  it('raises prepaidUnits.enabled after a Pax8 seat purchase only once the provisioning delay has passed', async () => {
    const subs = (await h.api('GET', `/subscriptions?companyId=${tenant.companyId}&status=Active&size=200`)).body.content;
    const target = first(subs.filter((s) => typeof s.vendorSubscriptionId === 'string' && s.commitment !== undefined));
    const single = (await h.api('GET', `/subscriptions/${target.id}`)).body;
    const before = await skuEntry(String(single.vendorSkuId));
    expect((await h.api('PUT', `/subscriptions/${target.id}`, { quantity: target.quantity + 3 })).status).toBe(200);
    expect((await skuEntry(String(single.vendorSkuId)))?.prepaidUnits.enabled).toBe(before?.prepaidUnits.enabled);
    await h.advanceClock('PT5M');
    expect((await skuEntry(String(single.vendorSkuId)))?.prepaidUnits.enabled).toBe(before?.prepaidUnits.enabled);
    await h.advanceClock('PT6M');
    expect((await skuEntry(String(single.vendorSkuId)))?.prepaidUnits.enabled).toBe((before?.prepaidUnits.enabled ?? 0) + 3);
    expect((await commerce(String(single.vendorSubscriptionId)))?.totalLicenses).toBe(target.quantity + 3);
  });

  it('shows a new order after Pax8 provisions it and the delay passes; a cancellation moves the seats to suspended', async () => {
    const id = await order(exchange, 4);
    const single = (await h.api('GET', `/subscriptions/${id}`)).body;
    const skuId = String(single.vendorSkuId);
    const commerceId = String(single.vendorSubscriptionId);
    const before = (await skuEntry(skuId))?.prepaidUnits ?? { enabled: 0, suspended: 0 };
    await h.advanceClock('PT5M');
    expect((await h.api('GET', `/subscriptions/${id}`)).body.status).toBe('Active');
    expect(await commerce(commerceId)).toBeUndefined();
    await h.advanceClock('PT11M');
    expect(await commerce(commerceId)).toMatchObject({ status: 'Enabled', totalLicenses: 4, skuId });
    expect((await skuEntry(skuId))?.prepaidUnits.enabled).toBe(before.enabled + 4);

    expect((await h.api('DELETE', `/subscriptions/${id}`)).status).toBe(204);
    await h.advanceClock('PT1H');
    expect((await h.api('GET', `/subscriptions/${id}`)).body.status).toBe('Cancelled');
    expect((await commerce(commerceId))?.status).toBe('Enabled');
    await h.advanceClock('PT11M');
    expect((await commerce(commerceId))?.status).toBe('Suspended');
    const after = await skuEntry(skuId);
    expect(after?.prepaidUnits).toMatchObject({ enabled: before.enabled, suspended: before.suspended + 4 });
  });

  it('creates the tenant of a new Microsoft customer from the order (msDomain), with only its admin', async () => {
    const created = await h.api('POST', '/companies', {
      name: 'Brand New Co', address: { city: 'Denver', country: 'US' }, phone: '303-555-0100', website: 'brandnew.example', billOnBehalfOfEnabled: false, selfServiceAllowed: false, orderApprovalRequired: false,
      contacts: [{ firstName: 'Bea', lastName: 'New', email: 'bea@brandnew.example', phone: '303-555-0101', types: [{ type: 'Admin', primary: true }, { type: 'Billing', primary: true }, { type: 'Technical', primary: true }] }],
    });
    expect(created.status).toBe(200);
    await order(exchange, 2, created.body.id, details([{ key: 'msCustExists', values: ['No, the customer does not have a Microsoft account'] }, { key: 'msDomain', values: ['brandnewco'] }]));
    const row = (await h.tenants()).find((t) => t.companyId === created.body.id);
    expect(row).toMatchObject({ initialDomain: 'brandnewco.onmicrosoft.com', defaultDomain: 'brandnewco.onmicrosoft.com', consented: true, seeded: false });
    tenant = row!;
    const users = (await graph('/users')).value;
    expect(users.map((u) => u.userPrincipalName)).toEqual(['admin@brandnewco.onmicrosoft.com']);
    expect((await graph('/subscribedSkus')).value).toEqual([]);
    await h.advanceClock('PT16M');
    expect(first((await graph('/subscribedSkus')).value)).toMatchObject({ skuPartNumber: 'EXCHANGESTANDARD', consumedUnits: 0, prepaidUnits: { enabled: 2 } });
  });
});

describe('licences that lapsed', () => {
  it('keep their seats in warning, then suspended, as the clock passes the grace period', async () => {
    const found: { t: TenantRow; skuId: string }[] = [];
    for (const t of await h.usableTenants()) {
      const tk = await h.tokenFor(t.tenantId);
      const warning = (await h.graph(tk, 'GET', '/subscribedSkus')).body.value.find((s) => s.capabilityStatus === 'Warning');
      if (warning) found.push({ t, skuId: warning.skuId });
    }
    const { t, skuId } = first(found);
    tenant = t;
    const lapsed = (await graph('/directory/subscriptions')).value.find((s) => s.skuId === skuId && s.status === 'Warning');
    expect(lapsed?.isTrial).toBe(true);
    await h.advanceClock('P31D');
    expect((await commerce(String(lapsed?.commerceSubscriptionId)))?.status).toBe('Suspended');
    expect((await skuEntry(skuId))?.prepaidUnits.warning).toBe(0);
  });
});
