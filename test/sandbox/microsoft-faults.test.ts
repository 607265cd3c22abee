import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first } from '../helpers/sandbox-http.ts';
import { type MicrosoftHarness, type Ms, startMicrosoftHarness, type TenantRow } from '../helpers/microsoft-sandbox.ts';

const password = 'Tr1cky-Passw0rd!';
let h: MicrosoftHarness;
let tenant: TenantRow;
let token: string;

beforeAll(async () => {
  h = await startMicrosoftHarness();
  tenant = first(await h.usableTenants(20));
  token = await h.tokenFor(tenant.tenantId);
});
afterAll(() => h.close());

describe('fault injection on Graph and Entra', () => {
  it('answers an injected 429 with Retry-After and Graph throttling body, for the next N calls only', async () => {
    const added = await h.admin('POST', '/faults', { route: 'GET /graph/v1.0/users', status: 429, retryAfter: 7, times: 1 });
    expect(added.status).toBe(200);
    const throttled = await h.graph(token, 'GET', '/users');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(throttled.body.error).toMatchObject({ code: 'activityLimitReached', innerError: { code: 'throttledRequest', innerError: { code: 'quota' } } });
    expect((await h.graph(token, 'GET', '/users')).status).toBe(200);
  });

  it('answers an injected 503 with a Retry-After, and the global failRate reaches Graph too', async () => {
    await h.admin('POST', '/faults', { route: 'GET /graph/v1.0/subscribedSkus', status: 503, times: 1 });
    const unavailable = await h.graph(token, 'GET', '/subscribedSkus');
    expect(unavailable.status).toBe(503);
    expect(Number(unavailable.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(unavailable.body.error.code).toBe('serviceNotAvailable');
    await h.admin('POST', '/faults', { failRate: 1 });
    expect((await h.graph(token, 'GET', '/organization')).status).toBe(503);
    await h.admin('DELETE', '/faults');
    expect((await h.graph(token, 'GET', '/organization')).status).toBe(200);
  });

  it('applies a write whose answer is lost (hangAfterWrite): the client settles it by reading', async () => {
    await h.msAdmin('DELETE', '/writes');
    await h.admin('POST', '/faults', { route: 'POST /graph/v1.0/users', hangAfterWrite: true, times: 1 });
    const upn = `lost.answer@${tenant.defaultDomain}`;
    const create = fetch(`${h.sandbox.microsoft.graphBaseUrl}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ accountEnabled: true, displayName: 'Lost Answer', mailNickname: 'lost.answer', userPrincipalName: upn, passwordProfile: { password } }),
      signal: AbortSignal.timeout(300),
    });
    await expect(create).rejects.toThrow();
    const writes = (await h.msAdmin('GET', '/writes')).body.writes as Ms[];
    expect(writes).toHaveLength(1);
    expect(first(writes)).toMatchObject({ method: 'POST', path: '/graph/v1.0/users', status: 201, responseLost: true, tenantId: tenant.tenantId });
    const found = await h.graph(token, 'GET', `/users?$filter=${encodeURIComponent(`userPrincipalName eq '${upn}'`)}`);
    expect(found.body.value.map((u) => u.userPrincipalName)).toEqual([upn]);
  });

  it('can fail the token endpoint, and refuses a rule for a route that does not exist', async () => {
    await h.admin('POST', '/faults', { route: 'POST /login/{tenant}/oauth2/v2.0/token', status: 503, times: 1 });
    const down = await h.requestToken(tenant.tenantId);
    expect(down.status).toBe(503);
    expect(down.body.error).toBe('temporarily_unavailable');
    expect((await h.requestToken(tenant.tenantId)).status).toBe(200);
    expect((await h.admin('POST', '/faults', { route: 'GET /graph/v1.0/groups', status: 500 })).status).toBe(400);
    expect((await h.admin('POST', '/faults', { route: 'POST /graph/v1.0/users/{id}/assignLicense', status: 500, times: 1 })).status).toBe(200);
    await h.admin('DELETE', '/faults');
  });
});

describe('Graph rate limit', () => {
  it('throttles per tenant with 429 and Retry-After once the 10-second budget is spent', async () => {
    const limited = await startMicrosoftHarness({ graphRateLimit: 3 });
    try {
      const [a, b] = (await limited.tenants()).filter((t) => t.consented);
      const [ta, tb] = [await limited.tokenFor(a!.tenantId), await limited.tokenFor(b!.tenantId)];
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.graph(ta, 'GET', '/organization')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await limited.graph(ta, 'GET', '/organization');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body.error.code).toBe('activityLimitReached');
      expect((await limited.graph(tb, 'GET', '/organization')).status).toBe(200);
      expect((await limited.admin('GET', '/stats')).body.http429).toBe(2);
    } finally {
      await limited.close();
    }
  });
});
