import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first } from '../helpers/sandbox-http.ts';
import { expectSameShape, type MicrosoftHarness, microsoftSample, type Ms, startMicrosoftHarness, type TenantRow } from '../helpers/microsoft-sandbox.ts';

const TEAMS_PHONE = 'e43b5b99-8dfb-405f-9987-dc307f34bcbd';
let h: MicrosoftHarness;
let tenant: TenantRow;
let token: string;
let freeSkus: Ms[];
let seq = 0;

const call = (method: string, path: string, body?: unknown) => h.graph(token, method, path, body);

/** The sample `POST /users` request for this tenant: the sample's fields, a UPN on the tenant's domain. */
function createRequest(overrides: Record<string, unknown> = {}): Ms {
  const request = structuredClone(microsoftSample('user-create.request.json'));
  seq += 1;
  request.userPrincipalName = `AdeleV${seq}@${tenant.defaultDomain}`;
  request.mailNickname = `AdeleV${seq}`;
  return Object.assign(request, overrides);
}

async function createUser(overrides: Record<string, unknown> = {}): Promise<Ms> {
  const res = await call('POST', '/users', createRequest(overrides));
  expect(res.status).toBe(201);
  return res.body;
}

beforeAll(async () => {
  h = await startMicrosoftHarness();
  for (const t of await h.usableTenants(20)) {
    const tk = await h.tokenFor(t.tenantId);
    const free = (await h.graph(tk, 'GET', '/subscribedSkus')).body.value.filter((s) => s.prepaidUnits.enabled - s.consumedUnits >= 2 && s.skuId !== TEAMS_PHONE);
    if (free.length >= 2) {
      [tenant, token, freeSkus] = [t, tk, free];
      break;
    }
  }
  expect(token, 'a seeded tenant with two SKUs that have free seats').toBeDefined();
});
afterAll(() => h.close());

/** Each file of test/reference/microsoft and how the sandbox is made to serve (or take) that body. */
const checks: Record<string, () => Promise<void>> = {
  'subscribedSkus.json': async () => expectSameShape(microsoftSample('subscribedSkus.json'), (await call('GET', '/subscribedSkus')).body),
  'directory-subscriptions.json': async () => expectSameShape(microsoftSample('directory-subscriptions.json'), (await call('GET', '/directory/subscriptions')).body),
  'organization.json': async () => expectSameShape(microsoftSample('organization.json'), (await call('GET', '/organization')).body),
  'user-create.request.json': async () => {
    const request = createRequest();
    expectSameShape(microsoftSample('user-create.request.json'), request);
    expect((await call('POST', '/users', request)).status).toBe(201);
  },
  'user-create.response.json': async () => {
    const res = await call('POST', '/users', createRequest());
    expectSameShape(microsoftSample('user-create.response.json'), res.body);
  },
  'assign-license.request.json': async () => {
    const [held, added] = [first(freeSkus), first(freeSkus.slice(1))];
    const user = await createUser();
    expect((await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: held.skuId, disabledPlans: [] }], removeLicenses: [] })).status).toBe(200);
    const request = structuredClone(microsoftSample('assign-license.request.json')) as unknown as { addLicenses: { skuId: string; disabledPlans: string[] }[]; removeLicenses: string[] };
    const disabled = first(added.servicePlans.filter((p) => p.servicePlanName !== 'MCOSTANDARD')).servicePlanId;
    request.addLicenses = [{ disabledPlans: [disabled], skuId: added.skuId }];
    request.removeLicenses = [held.skuId];
    expectSameShape(microsoftSample('assign-license.request.json'), request);
    expect((await call('POST', `/users/${user.id}/assignLicense`, request)).status).toBe(200);
    const details = (await call('GET', `/users/${user.id}/licenseDetails`)).body.value;
    expect(details.map((d) => d.skuId)).toEqual([added.skuId]);
    expect(first(details).servicePlans.find((p) => p.servicePlanId === disabled)).toMatchObject({ provisioningStatus: 'Disabled' });
  },
  'error-no-available-licenses.json': async () => {
    const target = first(freeSkus);
    const free = target.prepaidUnits.enabled - target.consumedUnits;
    let refused: Ms | undefined;
    for (let i = 0; i <= free && refused === undefined; i++) {
      const user = await createUser();
      const res = await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: target.skuId, disabledPlans: [] }], removeLicenses: [] });
      if (res.status === 400) refused = res.body;
    }
    expect(refused?.error.message).toBe(`Subscription with SKU ${target.skuId} does not have any available licenses.`);
    expectSameShape(microsoftSample('error-no-available-licenses.json'), refused);
  },
  'error-usage-location.json': async () => {
    const user = await createUser({ usageLocation: undefined });
    const res = await call('POST', `/users/${user.id}/assignLicense`, { addLicenses: [{ skuId: first(freeSkus.slice(1)).skuId, disabledPlans: [] }], removeLicenses: [] });
    expect(res.body.error.message).toBe(microsoftSample('error-usage-location.json').error.message);
    expectSameShape(microsoftSample('error-usage-location.json'), res.body);
  },
  'error-user-exists.json': async () => {
    const request = createRequest();
    await call('POST', '/users', request);
    const res = await call('POST', '/users', request);
    expect(res.body.error.message).toBe(microsoftSample('error-user-exists.json').error.message);
    expectSameShape(microsoftSample('error-user-exists.json'), res.body);
  },
  'error-throttled.json': async () => {
    await h.admin('POST', '/faults', { route: 'GET /graph/v1.0/organization', status: 429, times: 1 });
    const res = await call('GET', '/organization');
    expect(res.status).toBe(429);
    expectSameShape(microsoftSample('error-throttled.json'), res.body);
  },
  'error-not-consented.json': async () => {
    const refused = first((await h.tenants()).filter((t) => !t.consented));
    const res = await h.requestToken(refused.initialDomain);
    expect(res.body.error).toBe(microsoftSample('error-not-consented.json').error);
    expectSameShape(microsoftSample('error-not-consented.json'), res.body);
  },
};

describe('every Microsoft sample body is matched in shape by the sandbox', () => {
  it('has a check for every file in test/reference/microsoft', () => {
    const files = readdirSync(new URL('../reference/microsoft/', import.meta.url)).filter((f) => f.endsWith('.json')).sort();
    expect(Object.keys(checks).sort()).toEqual(files);
  });

  it('has a shape check that fails on a missing key or a wrong type', () => {
    expect(() => expectSameShape({ a: 1, b: [{ c: 'x' }] }, { a: 1, b: [{}] })).toThrow();
    expect(() => expectSameShape({ a: 1 }, { a: '1' })).toThrow();
    expect(() => expectSameShape({ a: null, b: [{ c: 'x' }] }, { a: 'set', b: [{ c: 'y' }], extra: true })).not.toThrow();
  });

  for (const [file, check] of Object.entries(checks)) it(file, check);
});
