import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { first } from '../helpers/sandbox-http.ts';
import { type MicrosoftHarness, startMicrosoftHarness, type TenantRow } from '../helpers/microsoft-sandbox.ts';

let h: MicrosoftHarness;
let tenant: TenantRow;
let token: string;
let userCount: number;

const countUsers = async () => (await h.graph(token, 'GET', '/users?$count=true&$top=1', undefined, { ConsistencyLevel: 'eventual' })).body['@odata.count'];

beforeAll(async () => {
  h = await startMicrosoftHarness();
  tenant = first(await h.usableTenants(10));
  token = await h.tokenFor(tenant.tenantId);
  userCount = (await countUsers()) ?? 0;
});
afterAll(() => h.close());

describe('hostile input to Graph and Entra', () => {
  it('answers every malformed request with a 4xx in Graph error shape, and changes nothing', async () => {
    const raw = (path: string, init: RequestInit = {}) => fetch(`${h.sandbox.microsoft.graphBaseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) } });
    const cases: [string, Promise<Response>][] = [
      ['bad percent-encoding', raw('/users/%E0%A4%A')],
      ['deep nesting', raw(`/users?$filter=${encodeURIComponent(`${'('.repeat(5000)}accountEnabled eq true${')'.repeat(5000)}`)}`)],
      ['huge body', raw('/users', { method: 'POST', body: 'x'.repeat(1_100_000), headers: { 'content-type': 'application/json' } })],
      ['array body', raw('/users', { method: 'POST', body: '[1,2,3]', headers: { 'content-type': 'application/json' } })],
      ['null body', raw(`/users/${encodeURIComponent(`admin@${tenant.initialDomain}`)}/assignLicense`, { method: 'POST', body: 'null' })],
      ['template names', raw('/users', { method: 'POST', body: JSON.stringify({ accountEnabled: true, displayName: '${process.exit()}', mailNickname: '<!channel>', userPrincipalName: '*bold*@x', passwordProfile: { password: 'Aa1!aaaa' } }) })],
      ['unterminated string', raw(`/users?$filter=${encodeURIComponent("displayName eq 'oops")}`)],
      ['manager ref garbage', raw('/users/x/manager/$ref', { method: 'PUT', body: '{"@odata.id": 5}' })],
    ];
    for (const [name, pending] of cases) {
      const res = await pending;
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(typeof body.error.code, name).toBe('string');
    }
    expect(await countUsers()).toBe(userCount);
  });

  it('never answers a generated $filter with a server error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (filter) => {
        const res = await h.graph(token, 'GET', `/users?$top=1&$filter=${encodeURIComponent(filter)}`);
        return res.status === 200 || res.status === 400;
      }),
      { numRuns: 150 },
    );
    const res = await h.graph(token, 'GET', '/users?$top=1');
    expect(res.status).toBe(200);
  });

  it('answers malformed token requests with Entra errors, never a 5xx', async () => {
    for (const body of ['', 'not=a&form', '%%%', 'grant_type=client_credentials&client_id=sandbox&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_secret=%E0%A4%A']) {
      const res = await fetch(`${h.sandbox.microsoft.loginUrl}/${tenant.tenantId}/oauth2/v2.0/token`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(((await res.json()) as { error: string }).error).toMatch(/^[a-z_]+$/);
    }
    expect((await fetch(`${h.sandbox.microsoft.loginUrl}/${tenant.tenantId}/oauth2/v2.0/token`)).status).toBe(405);
    expect((await fetch(`${h.sandbox.url}/login/%E0%A4%A/oauth2/v2.0/token`, { method: 'POST' })).status).toBe(404);
  });
});
