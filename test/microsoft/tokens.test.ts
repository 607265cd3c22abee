import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.ts';
import { EntraTokenError, GraphNetworkError, type EntraTokenReason, type GraphHttpError } from '../../src/microsoft/index.ts';
import { createManualClock } from '../../src/util/clock.ts';
import { Secret } from '../../src/util/secret.ts';
import { createTestMicrosoftClient, entraError, fakeClientId, fakeClientSecret, startFakeMicrosoft, type FakeMicrosoft } from '../helpers/fake-microsoft.ts';

const contoso = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const fabrikam = 'fabrikam.onmicrosoft.com';
const reference = (file: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'reference', 'microsoft', file), 'utf8'));

let fake: FakeMicrosoft;
async function start(options: { tokenDelayMs?: number } = {}): Promise<FakeMicrosoft> {
  fake = await startFakeMicrosoft(options);
  fake.reply('GET', '/graph/v1.0/organization', { status: 200, body: reference('organization.json') });
  return fake;
}
beforeEach(() => start());
afterEach(() => fake.close());

const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'no error', (error: unknown) => error);

describe('app-only tokens per customer tenant', () => {
  it('sends the documented client-credentials form to {login}/{tenant}/oauth2/v2.0/token', async () => {
    await createTestMicrosoftClient(fake).forTenant(contoso).organization();
    const [token] = fake.requests;
    expect(token?.path).toBe(`/login/${contoso}/oauth2/v2.0/token`);
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({
      client_id: fakeClientId,
      client_secret: fakeClientSecret,
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
    });
    expect(fake.graphCalls()[0]?.headers.authorization).toBe(`Bearer tok-${contoso}-1`);
  });

  it('caches one token per tenant and never lends one tenant’s token to another', async () => {
    const microsoft = createTestMicrosoftClient(fake);
    for (let i = 0; i < 3; i += 1) {
      await microsoft.forTenant(contoso).organization();
      await microsoft.forTenant(fabrikam).organization();
    }
    expect([fake.tokenRequests(contoso), fake.tokenRequests(fabrikam)]).toEqual([1, 1]);
    expect(fake.graphCalls().map((call) => call.tenant)).toEqual([contoso, fabrikam, contoso, fabrikam, contoso, fabrikam]);
    // A tenant is named case-insensitively: the same client, the same cache.
    expect(microsoft.forTenant('FABRIKAM.onmicrosoft.com')).toBe(microsoft.forTenant(fabrikam));
  });

  it('refreshes before expiry: kept at 50 minutes, replaced at 55 of a 60-minute token', async () => {
    const clock = createManualClock('2025-06-01T09:00:00Z');
    const graph = createTestMicrosoftClient(fake, { clock }).forTenant(contoso);
    await graph.organization();
    clock.advance(50 * 60_000);
    await graph.organization();
    expect(fake.tokenRequests(contoso)).toBe(1);
    clock.advance(5 * 60_000);
    await graph.organization();
    expect(fake.tokenRequests(contoso)).toBe(2);
    expect(fake.graphCalls().map((call) => call.headers.authorization)).toEqual([`Bearer tok-${contoso}-1`, `Bearer tok-${contoso}-1`, `Bearer tok-${contoso}-2`]);
  });

  it('20 concurrent callers of a tenant share one token fetch, first and at refresh', async () => {
    await fake.close();
    await start({ tokenDelayMs: 100 });
    const clock = createManualClock('2025-06-01T09:00:00Z');
    const microsoft = createTestMicrosoftClient(fake, { clock, maxConcurrency: 20 });
    const graph = microsoft.forTenant(contoso);
    const burst = () => Promise.all(Array.from({ length: 20 }, () => graph.organization()));
    expect((await burst()).map((org) => org.displayName)).toEqual(Array.from({ length: 20 }, () => 'Contoso'));
    expect(fake.tokenRequests(contoso)).toBe(1);
    clock.advance(55 * 60_000);
    await burst();
    expect(fake.tokenRequests(contoso)).toBe(2);
    expect(new Set(fake.graphCalls().slice(20).map((call) => call.headers.authorization))).toEqual(new Set([`Bearer tok-${contoso}-2`]));
    // Another tenant in the same burst gets its own single fetch.
    await Promise.all([burst(), ...Array.from({ length: 20 }, () => microsoft.forTenant(fabrikam).organization())]);
    expect([fake.tokenRequests(contoso), fake.tokenRequests(fabrikam)]).toEqual([2, 1]);
  });

  it('gets a fresh token once when Graph refuses the cached one (401), also for a write', async () => {
    const graph = createTestMicrosoftClient(fake).forTenant(contoso);
    await graph.organization();
    fake.revokeTokens();
    fake.reply('PATCH', '/graph/v1.0/users/87d349ed-44d7-43e1-9a83-5f2406dee5bd', { status: 204 });
    await graph.users.update('87d349ed-44d7-43e1-9a83-5f2406dee5bd', { accountEnabled: false });
    expect(fake.tokenRequests(contoso)).toBe(2);
    expect(fake.graphCalls().filter((call) => call.method === 'PATCH').map((call) => [call.headers.authorization, call.tenant])).toEqual([
      [`Bearer tok-${contoso}-1`, undefined],
      [`Bearer tok-${contoso}-2`, contoso],
    ]);
  });

  it('gives up with a typed error when Graph refuses the fresh token too', async () => {
    fake.reply('GET', '/graph/v1.0/subscribedSkus', { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired or is not yet valid.' } } });
    const error = (await failure(createTestMicrosoftClient(fake).forTenant(contoso).subscribedSkus())) as GraphHttpError;
    expect([error.code, error.reason, error.status]).toEqual(['graph_http', 'unauthorized', 401]);
    expect([fake.tokenRequests(contoso), fake.graphCalls().length]).toEqual([2, 2]);
  });
});

describe('token endpoint refusals are typed on the AADSTS code', () => {
  const cases: [string, number, unknown, EntraTokenReason, RegExp][] = [
    ['app not consented in the tenant', 400, reference('error-not-consented.json'), 'not_consented', /not consented in tenant a1b2c3d4-.*admin consent at http:\/\/127\.0\.0\.1:\d+\/login\/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\/adminconsent\?client_id=1f2e3d4c-/],
    ['a wrong client secret', 401, entraError('invalid_client', 7000215, 'Invalid client secret provided.'), 'invalid_secret', /MICROSOFT_CLIENT_SECRET/],
    ['an expired client secret', 401, entraError('invalid_client', 7000222, 'The provided client secret keys for app are expired.'), 'secret_expired', /expired.*create a new secret/],
    ['an unknown tenant', 400, entraError('invalid_request', 90002, `Tenant '${contoso}' not found.`), 'tenant_not_found', /does not know tenant a1b2c3d4-/],
    ['any other refusal', 400, entraError('invalid_scope', 70011, 'The provided value for the input parameter scope is not valid.'), 'refused', /refused a token for tenant a1b2c3d4-[^:]+: 400 invalid_scope \(AADSTS70011\): The provided value for the input parameter scope is not valid\.$/],
  ];

  it.each(cases)('%s', async (_, status, body, reason, message) => {
    fake.reply('POST', `/login/${contoso}/oauth2/v2.0/token`, { status, body });
    const error = (await failure(createTestMicrosoftClient(fake).forTenant(contoso).organization())) as EntraTokenError;
    expect(error).toBeInstanceOf(EntraTokenError);
    expect([error.code, error.reason, error.status]).toEqual(['entra_token', reason, status]);
    expect(error.message).toMatch(message);
    expect(fake.graphCalls()).toEqual([]);
    expect(fake.tokenRequests(contoso)).toBe(1);
  });

  it('a wrong secret, as the endpoint itself answers it', async () => {
    const error = (await failure(createTestMicrosoftClient(fake, { clientSecret: new Secret('not-the-secret-abc') }).forTenant(contoso).organization())) as EntraTokenError;
    expect([error.reason, error.aadsts]).toEqual(['invalid_secret', 7000215]);
    expect(error.message).not.toContain('not-the-secret-abc');
  });

  it('with the production login URL, the consent link is Entra’s admin consent page for that tenant', async () => {
    fake.reply('POST', `/login/${contoso}/oauth2/v2.0/token`, { status: 400, body: reference('error-not-consented.json') });
    const error = (await failure(createTestMicrosoftClient(fake).forTenant(contoso).organization())) as EntraTokenError;
    const production = new EntraTokenError(error.call, 400, { error: 'unauthorized_client', description: '', aadsts: 700016 }, { clientId: fakeClientId, loginUrl: 'https://login.microsoftonline.com' });
    expect(production.consentUrl).toBe(`https://login.microsoftonline.com/${contoso}/adminconsent?client_id=${fakeClientId}`);
    expect(production.message).toContain(production.consentUrl);
  });

  it('a refusal is not cached: once the admin consents, the next call gets a token', async () => {
    fake.reply('POST', `/login/${contoso}/oauth2/v2.0/token`, { status: 400, body: reference('error-not-consented.json') }, { pass: true });
    fake.reply('GET', '/graph/v1.0/subscribedSkus', { status: 200, body: { value: [] } });
    const graph = createTestMicrosoftClient(fake).forTenant(contoso);
    await expect(graph.organization()).rejects.toBeInstanceOf(EntraTokenError);
    await expect(graph.subscribedSkus()).resolves.toEqual([]);
    expect(fake.tokenRequests(contoso)).toBe(2);
  });

  it('asks again after a 503 from the token endpoint (asking changes nothing), and reports an unreachable one as a network error', async () => {
    fake.reply('POST', `/login/${contoso}/oauth2/v2.0/token`, { status: 503, body: 'busy' }, { pass: true });
    await expect(createTestMicrosoftClient(fake).forTenant(contoso).organization()).resolves.toMatchObject({ displayName: 'Contoso' });
    expect(fake.tokenRequests(contoso)).toBe(2);

    const closed = await startFakeMicrosoft();
    await closed.close();
    const error = await failure(createTestMicrosoftClient(closed, { retry: { maxAttempts: 2, baseDelayMs: 1 } }).forTenant(contoso).organization());
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect((error as Error).message).toContain(`Entra ID POST /{tenant}/oauth2/v2.0/token (tenant ${contoso})`);
  });
});

describe('a domain becomes a tenant id through its OpenID configuration', () => {
  it('reads the tenant id from the issuer', async () => {
    fake.reply('GET', '/login/contoso.com/v2.0/.well-known/openid-configuration', {
      status: 200,
      body: { issuer: `https://login.microsoftonline.com/${contoso.toUpperCase()}/v2.0`, token_endpoint: `https://login.microsoftonline.com/${contoso}/oauth2/v2.0/token`, extra: true },
    });
    await expect(createTestMicrosoftClient(fake).resolveTenantId(' Contoso.com ')).resolves.toBe(contoso);
    expect(fake.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([['GET', '/login/contoso.com/v2.0/.well-known/openid-configuration', undefined]]);
  });

  it('an unknown domain is undefined, a malformed one is refused before anything is sent', async () => {
    fake.reply('GET', '/login/nope.example/v2.0/.well-known/openid-configuration', { status: 400, body: entraError('invalid_tenant', 90002, "Tenant 'nope.example' not found.") });
    const microsoft = createTestMicrosoftClient(fake);
    await expect(microsoft.resolveTenantId('nope.example')).resolves.toBeUndefined();
    for (const bad of ['', 'common', 'contoso.com/../x', 'a b.com', 'x'.repeat(300) + '.com']) {
      await expect(microsoft.resolveTenantId(bad)).rejects.toBeInstanceOf(InvalidInputError);
      expect(() => microsoft.forTenant(bad)).toThrow(InvalidInputError);
    }
    expect(fake.requests).toHaveLength(1);
  });

  it('an issuer without a tenant id is a schema error, not a guess', async () => {
    fake.reply('GET', '/login/contoso.com/v2.0/.well-known/openid-configuration', { status: 200, body: { issuer: 'https://login.microsoftonline.com/common/v2.0' } });
    await expect(createTestMicrosoftClient(fake).resolveTenantId('contoso.com')).rejects.toMatchObject({ code: 'graph_schema', path: 'issuer' });
  });
});
