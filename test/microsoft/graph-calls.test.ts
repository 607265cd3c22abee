import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.ts';
import type { GraphHttpError} from '../../src/microsoft/index.ts';
import { GraphPageLimitError, GraphSchemaError, odataString, type GraphClient } from '../../src/microsoft/index.ts';
import { collect } from '../../src/util/collect.ts';
import { createTestMicrosoftClient, graphError, startFakeMicrosoft, type FakeMicrosoft } from '../helpers/fake-microsoft.ts';

const tenant = 'contoso.onmicrosoft.com';
const adele = '87d349ed-44d7-43e1-9a83-5f2406dee5bd';
const e5 = 'c7df2760-2c81-4ef7-b578-5b5392b571df';
const e3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
const reference = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'reference', 'microsoft', file), 'utf8')) as Record<string, unknown>;
const user = (id: string, upn: string) => ({ id, userPrincipalName: upn, displayName: upn.split('@')[0], accountEnabled: true });

let fake: FakeMicrosoft;
let graph: GraphClient;
beforeEach(async () => {
  fake = await startFakeMicrosoft();
  graph = createTestMicrosoftClient(fake).forTenant(tenant);
});
afterEach(() => fake.close());

const body = (method: string, path: string): unknown => JSON.parse(fake.graphCalls().find((call) => call.method === method && call.path === path)?.body ?? 'null');

describe('tenant reads', () => {
  it('organization, subscribedSkus and directory/subscriptions parse the reference bodies', async () => {
    fake.reply('GET', '/graph/v1.0/organization', { status: 200, body: reference('organization.json') });
    fake.reply('GET', '/graph/v1.0/subscribedSkus', { status: 200, body: reference('subscribedSkus.json') });
    fake.reply('GET', '/graph/v1.0/directory/subscriptions', { status: 200, body: reference('directory-subscriptions.json') });
    const organization = await graph.organization();
    expect(organization.verifiedDomains.map((domain) => [domain.name, domain.isDefault, domain.isInitial])).toEqual([
      ['contoso.com', true, false],
      ['contoso.onmicrosoft.com', false, true],
    ]);
    const skus = await graph.subscribedSkus();
    expect(skus.map((sku) => [sku.skuId, sku.consumedUnits, sku.prepaidUnits, sku.subscriptionIds])).toEqual([
      [e5, 14, { enabled: 25, lockedOut: 0, suspended: 0, warning: 0 }, ['43d26afe-cb98-48b9-acc4-ae3ef2ac6c51']],
      ['d17b27af-3f49-4822-99f9-56a661538792', 14, { enabled: 0, lockedOut: 0, suspended: 25, warning: 0 }, ['b8d5d1b1-7a1e-4d76-8f34-2d5e1a0c9a61']],
    ]);
    const [subscription] = await graph.directorySubscriptions();
    expect(subscription).toMatchObject({ commerceSubscriptionId: '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f', skuId: e3, totalLicenses: 25, status: 'Enabled', isTrial: false });
  });

  it('an answer of the wrong shape is a schema error naming the field', async () => {
    fake.reply('GET', '/graph/v1.0/subscribedSkus', { status: 200, body: { value: [{ skuId: e5, skuPartNumber: 'X', consumedUnits: 'many', prepaidUnits: { enabled: 1 }, capabilityStatus: 'Enabled' }] } });
    fake.reply('GET', '/graph/v1.0/organization', { status: 200, body: { value: [] } });
    await expect(graph.subscribedSkus()).rejects.toMatchObject({ code: 'graph_schema', path: 'value.0.consumedUnits', afterWrite: false });
    await expect(graph.organization()).rejects.toBeInstanceOf(GraphSchemaError);
  });
});

describe('users', () => {
  it('gets a user by UPN with the UPN path-encoded, and find() is undefined for a missing one', async () => {
    fake.reply('GET', '/graph/v1.0/users/o\'neil%2Btest%40contoso.com', { status: 200, body: user(adele, "o'neil+test@contoso.com") });
    fake.reply('GET', '/graph/v1.0/users/ann_fabrikam.com%23EXT%23%40contoso.onmicrosoft.com', { status: 404, body: graphError('Request_ResourceNotFound', "Resource 'ann_fabrikam.com#EXT#@contoso.onmicrosoft.com' does not exist.") });
    await expect(graph.users.get("o'neil+test@contoso.com", { select: ['id', 'userPrincipalName', 'accountEnabled'] })).resolves.toMatchObject({ id: adele });
    expect(fake.graphCalls()[0]?.url).toBe("/graph/v1.0/users/o'neil%2Btest%40contoso.com?$select=id%2CuserPrincipalName%2CaccountEnabled");
    await expect(graph.users.find('ann_fabrikam.com#EXT#@contoso.onmicrosoft.com')).resolves.toBeUndefined();
    const missing = await graph.users.get('ann_fabrikam.com#EXT#@contoso.onmicrosoft.com').catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: 'graph_http', reason: 'not_found', status: 404, graphCode: 'Request_ResourceNotFound' });
  });

  it('lists with $filter, $select and $top, following @odata.nextLink exactly as given across pages', async () => {
    const next1 = `${fake.graphBaseUrl}/users?$filter=accountEnabled%20eq%20false&$top=2&$skiptoken=RFNwdAIAAQAAAB8`;
    const next2 = `${fake.graphBaseUrl}/users?$top=2&$skiptoken=X%27page3%27`;
    fake.reply('GET', '/graph/v1.0/users', (req) => {
      if (req.url.includes('page3')) return { status: 200, body: { value: [user('u-5', 'e@contoso.com')] } };
      if (req.url.includes('skiptoken')) return { status: 200, body: { value: [user('u-3', 'c@contoso.com'), user('u-4', 'd@contoso.com')], '@odata.nextLink': next2 } };
      return { status: 200, body: { '@odata.context': 'x', value: [user('u-1', 'a@contoso.com'), user('u-2', 'b@contoso.com')], '@odata.nextLink': next1 } };
    });
    const users = await collect(graph.users.list({ filter: 'accountEnabled eq false', select: ['id', 'userPrincipalName'], top: 2 }));
    expect(users.map((u) => u.id)).toEqual(['u-1', 'u-2', 'u-3', 'u-4', 'u-5']);
    expect(fake.graphCalls().map((call) => call.url)).toEqual([
      '/graph/v1.0/users?$filter=accountEnabled%20eq%20false&$select=id%2CuserPrincipalName&$top=2',
      next1.slice(fake.origin.length),
      next2.slice(fake.origin.length),
    ]);
  });

  it('an advanced query sends $count=true and ConsistencyLevel: eventual on every page', async () => {
    const filter = `assignedLicenses/any(x:x/skuId eq ${e5}) and userPrincipalName eq ${odataString("o'neil@contoso.com")}`;
    fake.reply('GET', '/graph/v1.0/users', { status: 200, body: { value: [user('u-1', 'a@contoso.com')], '@odata.nextLink': `${fake.graphBaseUrl}/users?$skiptoken=2` } }, { status: 200, body: { value: [] } });
    await collect(graph.users.list({ filter, advanced: true }));
    expect(fake.graphCalls().map((call) => call.headers.consistencylevel)).toEqual(['eventual', 'eventual']);
    const first = new URL(fake.graphCalls()[0]?.url ?? '', fake.origin);
    expect([first.searchParams.get('$filter'), first.searchParams.get('$count')]).toEqual([`assignedLicenses/any(x:x/skuId eq ${e5}) and userPrincipalName eq 'o''neil@contoso.com'`, 'true']);
  });

  it('refuses a nextLink to another origin without sending the token there', async () => {
    const elsewhere = await startFakeMicrosoft();
    try {
      fake.reply('GET', '/graph/v1.0/users', { status: 200, body: { value: [user('u-1', 'a@contoso.com')], '@odata.nextLink': `${elsewhere.graphBaseUrl}/users?$skiptoken=2` } });
      const seen: string[] = [];
      const error = await (async () => {
        for await (const u of graph.users.list()) seen.push(u.id);
      })().catch((e: unknown) => e);
      expect(seen).toEqual(['u-1']);
      expect(error).toBeInstanceOf(GraphSchemaError);
      expect((error as GraphSchemaError).path).toBe('@odata.nextLink');
      expect((error as Error).message).toContain(`points to ${elsewhere.origin}, not ${fake.origin}`);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('stops at the page guard instead of following next links for ever', async () => {
    const guarded = createTestMicrosoftClient(fake, { maxPages: 3 }).forTenant(tenant);
    fake.reply('GET', '/graph/v1.0/users', (req) => ({ status: 200, body: { value: [user(req.url, 'a@contoso.com')], '@odata.nextLink': `${fake.graphBaseUrl}/users?$skiptoken=${fake.requests.length}` } }));
    await expect(collect(guarded.users.list())).rejects.toBeInstanceOf(GraphPageLimitError);
    expect(fake.graphCalls()).toHaveLength(3);
  });

  it('creates a user with the strict body and usageLocation, answered 201', async () => {
    fake.reply('POST', '/graph/v1.0/users', { status: 201, body: reference('user-create.response.json') });
    const created = await graph.users.create(reference('user-create.request.json') as never);
    expect(created).toMatchObject({ id: adele, userPrincipalName: 'AdeleV@contoso.onmicrosoft.com', givenName: null });
    expect(body('POST', '/graph/v1.0/users')).toEqual(reference('user-create.request.json'));
    expect(fake.graphCalls()[0]?.headers['content-type']).toBe('application/json');
  });

  it('refuses a bad new user before sending anything, naming every problem', async () => {
    const good = reference('user-create.request.json');
    const attempts = [
      { ...good, userPrincipalName: 'adele vance@contoso' },
      { ...good, usageLocation: 'us' },
      { ...good, mailNickname: 'Adele V' },
      { ...good, passwordProfile: { password: 'short', forceChangePasswordNextSignIn: true } },
      { ...good, officeLocation: 'HQ' },
      { ...good, usageLocation: undefined },
    ];
    for (const attempt of attempts) {
      const error = await graph.users.create(attempt as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
    }
    const all = (await graph.users.create({ ...good, userPrincipalName: 'x', usageLocation: 'usa' } as never).catch((e: unknown) => e)) as InvalidInputError;
    expect(all.issues).toEqual([expect.stringContaining('userPrincipalName'), expect.stringContaining('usageLocation')]);
    expect(fake.requests).toEqual([]);
  });

  it('updates, sets the manager through $ref, and revokes sessions', async () => {
    const manager = 'b0a1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';
    fake.reply('PATCH', `/graph/v1.0/users/${adele}`, { status: 204 });
    fake.reply('PUT', `/graph/v1.0/users/${adele}/manager/$ref`, { status: 204 });
    fake.reply('POST', `/graph/v1.0/users/${adele}/revokeSignInSessions`, { status: 200, body: { '@odata.context': 'x', value: true } });
    await graph.users.update(adele, { accountEnabled: false, usageLocation: 'GB' });
    await graph.users.setManager(adele, manager);
    await expect(graph.users.revokeSessions(adele)).resolves.toBe(true);
    expect(body('PATCH', `/graph/v1.0/users/${adele}`)).toEqual({ accountEnabled: false, usageLocation: 'GB' });
    expect(body('PUT', `/graph/v1.0/users/${adele}/manager/$ref`)).toEqual({ '@odata.id': `${fake.graphBaseUrl}/users/${manager}` });
    await expect(graph.users.update(adele, {})).rejects.toBeInstanceOf(InvalidInputError);
    await expect(graph.users.update(adele, { accountEnabled: false, password: 'x' } as never)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(graph.users.update('  ', { accountEnabled: false })).rejects.toBeInstanceOf(InvalidInputError);
    expect(fake.graphCalls()).toHaveLength(3);
  });

  it('assignLicense always sends both arrays; licenseDetails lists direct and group licences', async () => {
    fake.reply('POST', `/graph/v1.0/users/${adele}/assignLicense`, { status: 200, body: user(adele, 'AdeleV@contoso.onmicrosoft.com') });
    fake.reply('GET', `/graph/v1.0/users/${adele}/licenseDetails`, {
      status: 200,
      body: { value: [{ id: 'ld-1', skuId: e5, skuPartNumber: 'ENTERPRISEPREMIUM', servicePlans: [{ servicePlanId: '8c098270-9dd4-4350-9b30-ba4703f3b36b', servicePlanName: 'ADALLOM_S_O365', provisioningStatus: 'Success', appliesTo: 'User' }] }] },
    });
    await graph.users.assignLicense(adele, { add: [{ skuId: e5 }] });
    await graph.users.assignLicense(adele, { remove: [e3] });
    const sample = reference('assign-license.request.json') as { addLicenses: { skuId: string; disabledPlans: string[] }[]; removeLicenses: string[] };
    await graph.users.assignLicense(adele, { add: sample.addLicenses, remove: sample.removeLicenses });
    expect(fake.graphCalls().map((call) => JSON.parse(call.body) as unknown)).toEqual([
      { addLicenses: [{ skuId: e5, disabledPlans: [] }], removeLicenses: [] },
      { addLicenses: [], removeLicenses: [e3] },
      sample,
    ]);
    await expect(graph.users.assignLicense(adele, {})).rejects.toBeInstanceOf(InvalidInputError);
    await expect(graph.users.assignLicense(adele, { add: [{ skuId: 'ENTERPRISEPACK' }] })).rejects.toBeInstanceOf(InvalidInputError);
    expect(fake.graphCalls()).toHaveLength(3);
    const details = await graph.users.licenseDetails(adele);
    expect(details.map((detail) => [detail.skuId, detail.skuPartNumber, detail.servicePlans.length])).toEqual([[e5, 'ENTERPRISEPREMIUM', 1]]);
  });

  it('a refusal on a read is a typed error, not retried', async () => {
    fake.reply('GET', '/graph/v1.0/subscribedSkus', { status: 403, body: graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') });
    const error = (await graph.subscribedSkus().catch((e: unknown) => e)) as GraphHttpError;
    expect([error.reason, error.graphCode, error.requestId]).toEqual(['permission_denied', 'Authorization_RequestDenied', '9a7c2e4b-6d1f-4a3b-8e2c-1f0d9b8a7c6e']);
    expect(error.message).toContain('lacks the Graph application permission');
    expect(fake.graphCalls()).toHaveLength(1);
  });
});
