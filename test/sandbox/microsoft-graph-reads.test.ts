import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first } from '../helpers/sandbox-http.ts';
import { type MicrosoftHarness, type Ms, startMicrosoftHarness, type TenantRow } from '../helpers/microsoft-sandbox.ts';

const eventual = { ConsistencyLevel: 'eventual' };
const defaultKeys = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];

let h: MicrosoftHarness;
let tenant: TenantRow;
let token: string;
let total: number;

const get = (path: string, headers: Record<string, string> = {}) => h.graph(token, 'GET', path, undefined, headers);
const q = encodeURIComponent;

/** Every user matching a query, following `@odata.nextLink` as given until it is absent. */
async function all(path: string, headers: Record<string, string> = {}): Promise<{ users: Ms[]; pages: Ms[] }> {
  const pages: Ms[] = [];
  let res = await get(path, headers);
  for (;;) {
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    pages.push(res.body);
    const next = res.body['@odata.nextLink'];
    if (next === undefined) break;
    expect(next.startsWith(h.sandbox.microsoft.graphBaseUrl)).toBe(true);
    res = await h.follow(token, next, headers);
  }
  return { users: pages.flatMap((p) => p.value), pages };
}

beforeAll(async () => {
  h = await startMicrosoftHarness();
  tenant = first(await h.usableTenants(150));
  token = await h.tokenFor(tenant.tenantId);
  total = (await get('/users?$count=true&$top=1', eventual)).body['@odata.count'] ?? 0;
});
afterAll(() => h.close());

describe('organization and licences', () => {
  it('GET /organization: the tenant with one initial and one default verified domain', async () => {
    const org = first((await get('/organization')).body.value);
    expect(org.id).toBe(tenant.tenantId);
    expect(org.displayName).toBe(tenant.displayName);
    expect(org.verifiedDomains.filter((d) => d.isInitial).map((d) => d.name)).toEqual([tenant.initialDomain]);
    expect(org.verifiedDomains.filter((d) => d.isDefault).map((d) => d.name)).toEqual([tenant.defaultDomain]);
  });

  it('GET /subscribedSkus: consumedUnits is the number of users holding the SKU, subscriptionIds the directory subscriptions', async () => {
    const skus = (await get('/subscribedSkus')).body.value;
    const subs = (await get('/directory/subscriptions')).body.value;
    expect(skus.length).toBeGreaterThan(1);
    for (const sku of skus) {
      expect(sku.id).toBe(`${tenant.tenantId}_${sku.skuId}`);
      const holders = await get(`/users?$count=true&$top=1&$filter=${q(`assignedLicenses/any(x:x/skuId eq ${sku.skuId})`)}`, eventual);
      expect(holders.body['@odata.count']).toBe(sku.consumedUnits);
      const pooled = subs.filter((s) => sku.subscriptionIds.includes(s.id));
      expect(pooled.every((s) => s.skuId === sku.skuId)).toBe(true);
      expect(pooled.filter((s) => s.status === 'Enabled').reduce((n, s) => n + s.totalLicenses, 0)).toBe(sku.prepaidUnits.enabled);
    }
  });

  it('subscribedSkus takes $select and nothing else', async () => {
    const selected = first((await get('/subscribedSkus?$select=skuId,consumedUnits')).body.value);
    expect(Object.keys(selected).sort()).toEqual(['consumedUnits', 'skuId']);
    const filtered = await get(`/subscribedSkus?$filter=${q("skuPartNumber eq 'SPB'")}`);
    expect(filtered.status).toBe(400);
    expect(filtered.body.error.code).toBe('Request_UnsupportedQuery');
    expect((await get('/subscribedSkus?$select=price')).status).toBe(400);
  });
});

describe('GET /users', () => {
  it('returns the default property set, or exactly what $select names', async () => {
    expect(Object.keys(first((await get('/users')).body.value)).sort()).toEqual([...defaultKeys].sort());
    const selected = (await get('/users?$select=id,accountEnabled,usageLocation')).body;
    expect(Object.keys(first(selected.value)).sort()).toEqual(['accountEnabled', 'id', 'usageLocation']);
    const bad = await get('/users?$select=password');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("Could not find a property named 'password'");
  });

  it('pages with an absolute @odata.nextLink (100 by default, $top up to 999) across every user once', async () => {
    expect(total).toBeGreaterThanOrEqual(150);
    const byDefault = (await get('/users')).body;
    expect(byDefault.value).toHaveLength(100);
    expect(byDefault['@odata.nextLink']).toBeDefined();
    const { users, pages } = await all('/users?$top=40&$select=id,displayName');
    expect(pages.length).toBe(Math.ceil(total / 40));
    expect(pages.slice(0, -1).every((p) => p.value.length === 40)).toBe(true);
    expect(new Set(users.map((u) => u.id)).size).toBe(total);
    expect(users.every((u) => Object.keys(u).length === 2)).toBe(true);
    expect((await get('/users?$top=999')).body.value).toHaveLength(total);
    for (const top of ['0', '1000', 'ten']) expect((await get(`/users?$top=${top}`)).status).toBe(400);
    expect((await get('/users?$skiptoken=garbage')).status).toBe(400);
  });

  it('filters by UPN (any case), accountEnabled, licence and displayName prefix', async () => {
    const someone = first((await get('/users?$top=5&$select=userPrincipalName,id')).body.value.slice(1));
    const byUpn = (await get(`/users?$filter=${q(`userPrincipalName eq '${someone.userPrincipalName.toUpperCase()}'`)}`)).body.value;
    expect(byUpn.map((u) => u.id)).toEqual([someone.id]);
    const disabled = (await all(`/users?$select=accountEnabled&$filter=${q('accountEnabled eq false')}`)).users;
    const enabled = (await all(`/users?$select=accountEnabled&$filter=${q('accountEnabled eq true')}`)).users;
    expect(disabled.length).toBeGreaterThan(0);
    expect(disabled.every((u) => u.accountEnabled === false) && enabled.every((u) => u.accountEnabled === true)).toBe(true);
    expect(disabled.length + enabled.length).toBe(total);
    const sku = first((await get('/subscribedSkus')).body.value);
    const holders = (await all(`/users?$select=assignedLicenses&$filter=${q(`assignedLicenses/any(x:x/skuId eq ${sku.skuId})`)}`)).users;
    expect(holders.length).toBe(sku.consumedUnits);
    expect(holders.every((u) => u.assignedLicenses.some((l) => l.skuId === sku.skuId))).toBe(true);
    const prefix = (await all(`/users?$select=displayName&$filter=${q("startswith(displayName,'a')")}`)).users;
    expect(prefix.length).toBeGreaterThan(0);
    expect(prefix.every((u) => u.displayName.toLowerCase().startsWith('a'))).toBe(true);
  });

  it('finds blocked-but-licensed users with an advanced query, which needs $count=true and ConsistencyLevel: eventual', async () => {
    const filter = q('accountEnabled eq false and assignedLicenses/$count ne 0');
    const refused = await get(`/users?$filter=${filter}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('Request_UnsupportedQuery');
    expect(refused.body.error.message).toContain('ConsistencyLevel');
    const found = await get(`/users?$count=true&$select=accountEnabled,assignedLicenses&$filter=${filter}`, eventual);
    expect(found.status).toBe(200);
    expect(found.body['@odata.count']).toBeGreaterThan(0);
    expect(found.body.value.every((u) => !u.accountEnabled && u.assignedLicenses.length > 0)).toBe(true);
    expect((await get('/users?$count=true')).status).toBe(400);
  });

  it('refuses filters Graph refuses, with 400 and a code', async () => {
    for (const filter of ["accountEnabled eq 'false'", 'favouriteColour eq 1', "startswith(displayName,'a'", 'displayName gt 3', "userPrincipalName eq 'x' or"]) {
      const res = await get(`/users?$filter=${q(filter)}`);
      expect(res.status, filter).toBe(400);
      expect(['BadRequest', 'Request_UnsupportedQuery']).toContain(res.body.error.code);
    }
  });
});

describe('one user', () => {
  it('is found by id or UPN in any case; an unknown one is 404 Request_ResourceNotFound in Graph error shape', async () => {
    const someone = first((await get('/users?$top=3&$select=id,userPrincipalName')).body.value.slice(1));
    expect((await get(`/users/${someone.id}`)).body.id).toBe(someone.id);
    expect((await get(`/users/${q(someone.userPrincipalName.toUpperCase())}?$select=id,usageLocation`)).body).toMatchObject({ id: someone.id });
    const missing = await get(`/users/${q(`nobody@${tenant.defaultDomain}`)}`, { 'client-request-id': 'trace-me-1' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Request_ResourceNotFound');
    expect(missing.body.error.innerError).toMatchObject({ 'client-request-id': 'trace-me-1' });
    expect(String(missing.body.error.innerError.date)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(missing.headers.get('request-id')).toBe(missing.body.error.innerError['request-id']);
  });

  it('licenseDetails lists direct and group-inherited licences; licenseAssignmentStates says which came from a group', async () => {
    let found: { token: string; user: Ms } | undefined;
    for (const t of await h.usableTenants()) {
      const tk = await h.tokenFor(t.tenantId);
      const users = (await h.graph(tk, 'GET', '/users?$top=999&$select=id,licenseAssignmentStates')).body.value;
      const user = users.find((u) => u.licenseAssignmentStates.some((s) => s.assignedByGroup !== null));
      if (user) {
        found = { token: tk, user };
        break;
      }
    }
    expect(found, 'some seeded tenant licenses through a group').toBeDefined();
    const { token: tk, user } = found!;
    const details = (await h.graph(tk, 'GET', `/users/${user.id}/licenseDetails`)).body.value;
    expect(details.map((d) => d.skuId).sort()).toEqual(user.licenseAssignmentStates.map((s) => s.skuId).sort());
    expect(details.every((d) => d.skuPartNumber !== '' && d.servicePlans.length > 0)).toBe(true);
  });
});

describe('authentication, tenant isolation and permissions', () => {
  it('answers 401 InvalidAuthenticationToken without a token or with a made-up one', async () => {
    for (const auth of [undefined, 'Bearer made-up']) {
      const res = await fetch(`${h.sandbox.microsoft.graphBaseUrl}/users`, { headers: auth ? { authorization: auth } : {} });
      expect(res.status).toBe(401);
      expect(((await res.json()) as Ms).error.code).toBe('InvalidAuthenticationToken');
    }
  });

  it('acts only on the token tenant: another tenant users are not found, listed or changed', async () => {
    const other = first((await h.usableTenants()).filter((t) => t.tenantId !== tenant.tenantId));
    const otherToken = await h.tokenFor(other.tenantId);
    const stranger = first((await h.graph(otherToken, 'GET', '/users?$top=2&$select=id,userPrincipalName,displayName')).body.value.slice(1));
    expect((await get(`/users/${stranger.id}`)).status).toBe(404);
    expect((await get(`/users/${q(stranger.userPrincipalName)}`)).status).toBe(404);
    expect((await get(`/users?$filter=${q(`userPrincipalName eq '${stranger.userPrincipalName}'`)}`)).body.value).toEqual([]);
    expect((await h.graph(token, 'PATCH', `/users/${stranger.id}`, { displayName: 'Hijacked' })).status).toBe(404);
    expect((await h.graph(otherToken, 'GET', `/users/${stranger.id}`)).body.displayName).toBe(stranger.displayName);
    expect(first((await h.graph(otherToken, 'GET', '/organization')).body.value).id).toBe(other.tenantId);
  });

  it('answers 403 Authorization_RequestDenied for what the app was not granted, reads still work', async () => {
    const readOnly = first((await h.tenants()).filter((t) => t.consented && !t.permissions.includes('User.ReadWrite.All')));
    const tk = await h.tokenFor(readOnly.tenantId);
    expect((await h.graph(tk, 'GET', '/users?$top=1')).status).toBe(200);
    const someone = first((await h.graph(tk, 'GET', '/users?$top=1')).body.value);
    for (const [method, path, body] of [['POST', '/users', {}], ['PATCH', `/users/${someone.id}`, { accountEnabled: false }], ['POST', `/users/${someone.id}/assignLicense`, { addLicenses: [], removeLicenses: [] }], ['POST', `/users/${someone.id}/revokeSignInSessions`, undefined]] as const) {
      const res = await h.graph(tk, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('Authorization_RequestDenied');
    }
  });

  it('answers an unknown resource with 400 and a wrong method with 405', async () => {
    expect((await get('/groups')).status).toBe(400);
    expect((await h.graph(token, 'DELETE', '/organization')).status).toBe(405);
  });
});
