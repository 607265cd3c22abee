import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first } from '../helpers/sandbox-http.ts';
import { type MicrosoftHarness, startMicrosoftHarness, type TenantRow } from '../helpers/microsoft-sandbox.ts';

let h: MicrosoftHarness;
let tenants: TenantRow[];
let usable: TenantRow;

beforeAll(async () => {
  h = await startMicrosoftHarness();
  tenants = await h.tenants();
  usable = first(tenants.filter((t) => t.consented && t.defaultDomain !== t.initialDomain));
});
afterAll(() => h.close());

describe('seeded tenants', () => {
  it('belong to the companies holding Microsoft subscriptions, with an initial and a default domain, one not consented', async () => {
    expect(tenants.length).toBeGreaterThan(5);
    const companies = new Set((await h.api('GET', '/companies?size=200')).body.content.map((c) => c.id));
    expect(tenants.every((t) => companies.has(t.companyId) && t.account === 'sandbox')).toBe(true);
    expect(tenants.every((t) => t.initialDomain.endsWith('.onmicrosoft.com'))).toBe(true);
    expect(tenants.filter((t) => !t.consented)).toHaveLength(1);
    expect(tenants.filter((t) => t.defaultDomain !== t.initialDomain).length).toBeGreaterThan(tenants.length / 2);
    const subs = (await h.api('GET', `/subscriptions?companyId=${usable.companyId}&size=200`)).body.content;
    expect(subs.some((s) => typeof s.vendorSubscriptionId === 'string')).toBe(true);
  });

  it('exist for the companies of every partner account, each linked to its own account', async () => {
    const two = await startMicrosoftHarness({ accounts: 2, companies: 8 });
    try {
      const second = (await two.tenants()).filter((t) => t.account === 'sandbox-2');
      expect(second.length).toBeGreaterThan(0);
      expect((await two.msAdmin('GET', '/tenants?account=sandbox-2')).body.tenants).toEqual(second);
      two.token = (await two.fetchToken({ client_id: 'sandbox-2' })).body.access_token;
      const companies = new Set((await two.api('GET', '/companies?size=200')).body.content.map((c) => c.id));
      expect(second.every((t) => companies.has(t.companyId))).toBe(true);
      const org = await two.graph(await two.tokenFor(first(second).tenantId), 'GET', '/organization');
      expect(first(org.body.value).id).toBe(first(second).tenantId);
    } finally {
      await two.close();
    }
  });

  it('are the same for the same seed and start time', async () => {
    const again = await startMicrosoftHarness();
    try {
      expect(await again.tenants()).toEqual(tenants);
      const directory = async (harness: MicrosoftHarness) => (await harness.graph(await harness.tokenFor(usable.tenantId), 'GET', '/users?$top=999&$select=id,userPrincipalName,accountEnabled,assignedLicenses')).body.value;
      const [mine, theirs] = [await directory(h), await directory(again)];
      expect(mine.length).toBeGreaterThan(1);
      expect(theirs).toEqual(mine);
    } finally {
      await again.close();
    }
  });
});

describe('token endpoint', () => {
  it('issues a per-tenant bearer token for the tenant id or any of its domains, valid about an hour', async () => {
    for (const name of [usable.tenantId, usable.defaultDomain, usable.initialDomain.toUpperCase()]) {
      const res = await h.requestToken(name);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
      const org = await h.graph(res.body.access_token, 'GET', '/organization');
      expect(first(org.body.value).id).toBe(usable.tenantId);
    }
  });

  it('lets a token expire on the sandbox clock', async () => {
    const token = await h.tokenFor(usable.tenantId);
    expect((await h.graph(token, 'GET', '/organization')).status).toBe(200);
    await h.admin('POST', '/clock', { advance: 'PT61M' });
    const expired = await h.graph(token, 'GET', '/organization');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('InvalidAuthenticationToken');
    expect((await h.graph(await h.tokenFor(usable.tenantId), 'GET', '/organization')).status).toBe(200);
  });

  it('refuses a tenant that has not consented the app as Entra does (AADSTS700016, unauthorized_client)', async () => {
    const refused = first(tenants.filter((t) => !t.consented));
    const res = await h.requestToken(refused.defaultDomain);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unauthorized_client');
    expect(res.body.error_description).toMatch(/^AADSTS700016: Application with identifier 'sandbox' was not found in the directory/);
    expect(res.body.error_codes).toEqual([700016]);
    expect((await h.requestToken(usable.tenantId, { client_id: 'some-other-app' })).body.error_codes).toEqual([700016]);
  });

  it('refuses a wrong or missing secret with 401 invalid_client', async () => {
    const wrong = await h.requestToken(usable.tenantId, { client_secret: 'not-it' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(wrong.body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided/);
    expect(JSON.stringify(wrong.body)).not.toContain('not-it');
    const missing = await h.requestToken(usable.tenantId, { client_secret: '' });
    expect(missing.body).toMatchObject({ error: 'invalid_client', error_codes: [7000216] });
  });

  it('answers an unknown tenant, a malformed one, a missing parameter and a bad scope as Entra does', async () => {
    const unknown = await h.requestToken('no-such-customer.example.com');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
    expect(unknown.body.error_description).toContain("Tenant 'no-such-customer.example.com' not found");
    expect((await h.requestToken('not a tenant')).body.error_codes).toEqual([900023]);
    const noGrant = await h.requestToken(usable.tenantId, { grant_type: '' });
    expect(noGrant.body).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
    expect(noGrant.body.error_description).toContain("'grant_type'");
    expect((await h.requestToken(usable.tenantId, { grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
    expect((await h.requestToken(usable.tenantId, { scope: 'User.Read.All' })).body.error_codes).toEqual([1002012]);
    expect((await h.requestToken(usable.tenantId, { scope: 'https://management.azure.com/.default' })).body.error_codes).toEqual([500011]);
  });

  it('follows a changed consent with the next token request', async () => {
    expect((await h.msAdmin('PATCH', `/tenants/${usable.tenantId}`, { consented: false })).status).toBe(200);
    expect((await h.requestToken(usable.tenantId)).body.error_codes).toEqual([700016]);
    await h.msAdmin('PATCH', `/tenants/${usable.tenantId}`, { consented: true });
    expect((await h.requestToken(usable.tenantId)).status).toBe(200);
    expect((await h.msAdmin('PATCH', `/tenants/${usable.tenantId}`, { permissions: ['Mail.Send'] })).status).toBe(400);
    expect((await h.msAdmin('PATCH', '/tenants/00000000-0000-4000-8000-000000000000', { consented: true })).status).toBe(404);
  });
});

describe('OpenID configuration', () => {
  it('turns a domain into the tenant id through issuer, built from the sandbox address', async () => {
    const res = await fetch(`${h.sandbox.microsoft.loginUrl}/${usable.defaultDomain}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { issuer: string; token_endpoint: string };
    expect(body.issuer).toBe(`${h.sandbox.microsoft.loginUrl}/${usable.tenantId}/v2.0`);
    expect(body.token_endpoint).toBe(`${h.sandbox.microsoft.loginUrl}/${usable.tenantId}/oauth2/v2.0/token`);
  });

  it('answers for a tenant that has not consented, and 400 invalid_tenant for an unknown domain', async () => {
    const refused = first(tenants.filter((t) => !t.consented));
    expect((await fetch(`${h.sandbox.microsoft.loginUrl}/${refused.initialDomain}/v2.0/.well-known/openid-configuration`)).status).toBe(200);
    const unknown = await fetch(`${h.sandbox.microsoft.loginUrl}/nobody.example.org/v2.0/.well-known/openid-configuration`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });
});
