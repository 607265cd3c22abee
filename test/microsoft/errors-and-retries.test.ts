import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  GraphSchemaError} from '../../src/microsoft/index.ts';
import {
  GraphHttpError,
  GraphNetworkError,
  GraphOutcomeUnknownError,
  GraphRateLimitedError,
  type GraphClient,
  type GraphErrorReason,
  type NewUser,
} from '../../src/microsoft/index.ts';
import { createTestMicrosoftClient, graphError, startFakeMicrosoft, type FakeMicrosoft, type Reply } from '../helpers/fake-microsoft.ts';

const tenant = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const adele = '87d349ed-44d7-43e1-9a83-5f2406dee5bd';
const e5 = 'c7df2760-2c81-4ef7-b578-5b5392b571df';
const reference = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'reference', 'microsoft', file), 'utf8')) as Record<string, unknown>;
const newUser = reference('user-create.request.json') as unknown as NewUser;
const skus = { value: [] };

let fake: FakeMicrosoft;
let graph: GraphClient;
beforeEach(async () => {
  fake = await startFakeMicrosoft();
  graph = createTestMicrosoftClient(fake).forTenant(tenant);
});
afterEach(() => fake.close());

const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'no error', (error: unknown) => error);
const calls = (method: string, path: string): number => fake.graphCalls().filter((call) => call.method === method && call.path === path).length;

describe('Graph refusals are classified on their code', () => {
  const assign = (): Promise<unknown> => graph.users.assignLicense(adele, { add: [{ skuId: e5 }] });
  const create = (): Promise<unknown> => graph.users.create(newUser);
  const disable = (): Promise<unknown> => graph.users.update(adele, { accountEnabled: false });
  const assignPath = `/graph/v1.0/users/${adele}/assignLicense`;
  const cases: [string, string, string, () => Promise<unknown>, Reply, GraphErrorReason][] = [
    ['no free seat', 'POST', assignPath, assign, { status: 400, body: reference('error-no-available-licenses.json') }, 'no_free_license'],
    ['no usage location', 'POST', assignPath, assign, { status: 400, body: reference('error-usage-location.json') }, 'invalid_usage_location'],
    ['mutually exclusive plans', 'POST', assignPath, assign, { status: 400, body: graphError('Request_BadRequest', 'License assignment failed because service plans 9aaf7827-d63c-4b61-89c3-182f06f82e5c,4828c8ec-dc2e-4779-b502-87ac9ce28ab7 are mutually exclusive.') }, 'mutually_exclusive_plans'],
    ['missing prerequisite plan', 'POST', assignPath, assign, { status: 400, body: graphError('Request_BadRequest', 'License assignment failed because service plan 113feb6c-3fe4-4440-bddc-54d774bf0318 depends on the service plan(s) 41781fb2-bc02-4b7c-bd55-b576c07bb09d.') }, 'missing_dependent_plan'],
    ['duplicate UPN', 'POST', '/graph/v1.0/users', create, { status: 400, body: reference('error-user-exists.json') }, 'upn_taken'],
    ['duplicate UPN told by details[] alone, in another language', 'POST', '/graph/v1.0/users', create, { status: 400, body: graphError('Request_BadRequest', 'Ein anderes Objekt mit demselben Wert existiert bereits.', { details: [{ code: 'ObjectConflict', target: 'userPrincipalName' }] }) }, 'upn_taken'],
    ['weak password', 'POST', '/graph/v1.0/users', create, { status: 400, body: graphError('Request_BadRequest', 'The specified password does not comply with password complexity requirements. Please provide a different password.') }, 'weak_password'],
    ['another bad request', 'POST', '/graph/v1.0/users', create, { status: 400, body: graphError('Request_BadRequest', "Invalid value specified for property 'mailNickname' of resource 'User'.") }, 'bad_request'],
    ['a licence message under another code counts for nothing', 'POST', assignPath, assign, { status: 400, body: graphError('Request_UnsupportedQuery', 'does not have any available licenses') }, 'bad_request'],
    ['missing user', 'PATCH', `/graph/v1.0/users/${adele}`, disable, { status: 404, body: graphError('Request_ResourceNotFound', `Resource '${adele}' does not exist.`) }, 'not_found'],
    ['missing permission', 'PATCH', `/graph/v1.0/users/${adele}`, disable, { status: 403, body: graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') }, 'permission_denied'],
    ['a conflict', 'PATCH', `/graph/v1.0/users/${adele}`, disable, { status: 409, body: graphError('Request_Conflict', 'Conflict.') }, 'conflict'],
  ];

  it.each(cases)('%s', async (_, method, path, call, reply, reason) => {
    fake.reply(method, path, reply);
    const error = (await failure(call())) as GraphHttpError;
    expect(error).toBeInstanceOf(GraphHttpError);
    expect([error.code, error.reason]).toEqual(['graph_http', reason]);
    expect(error.message).toContain(`Graph ${method}`);
    expect(calls(method, path)).toBe(1);
  });
});

describe('reads are retried', () => {
  it('on 429, honouring Retry-After over the (here very long) backoff', async () => {
    graph = createTestMicrosoftClient(fake, { retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } }).forTenant(tenant);
    fake.reply('GET', '/graph/v1.0/subscribedSkus', { status: 429, headers: { 'retry-after': '1' }, body: reference('error-throttled.json') }, { status: 200, body: skus });
    await expect(graph.subscribedSkus()).resolves.toEqual([]);
    expect(calls('GET', '/graph/v1.0/subscribedSkus')).toBe(2);
  });

  it('gives up at once when Retry-After is longer than the policy allows', async () => {
    fake.reply('GET', '/graph/v1.0/subscribedSkus', { status: 429, headers: { 'retry-after': '3600' }, body: reference('error-throttled.json') });
    const error = (await failure(graph.subscribedSkus())) as GraphRateLimitedError;
    expect(error).toBeInstanceOf(GraphRateLimitedError);
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(calls('GET', '/graph/v1.0/subscribedSkus')).toBe(1);
  });

  it('on 503 and on a lost answer, then succeeds', async () => {
    fake.reply('GET', '/graph/v1.0/subscribedSkus', { status: 503, body: graphError('serviceNotAvailable', 'busy') }, { lose: true }, { status: 200, body: skus });
    await expect(graph.subscribedSkus()).resolves.toEqual([]);
    expect(calls('GET', '/graph/v1.0/subscribedSkus')).toBe(3);
  });

  it('up to the policy’s attempts, then reports the last error', async () => {
    graph = createTestMicrosoftClient(fake, { retry: { maxAttempts: 3, baseDelayMs: 1 } }).forTenant(tenant);
    fake.reply('GET', '/graph/v1.0/subscribedSkus', { status: 503, body: graphError('serviceNotAvailable', 'busy') });
    const error = (await failure(graph.subscribedSkus())) as GraphHttpError;
    expect([error.reason, error.status]).toEqual(['unavailable', 503]);
    expect(calls('GET', '/graph/v1.0/subscribedSkus')).toBe(3);
    fake.reply('GET', `/graph/v1.0/users/${adele}`, { lose: true });
    await expect(graph.users.get(adele)).rejects.toBeInstanceOf(GraphNetworkError);
    expect(calls('GET', `/graph/v1.0/users/${adele}`)).toBe(3);
  });
});

describe('writes are sent once', () => {
  it('a 429 on assignLicense is surfaced, not retried', async () => {
    fake.reply('POST', `/graph/v1.0/users/${adele}/assignLicense`, { status: 429, headers: { 'retry-after': '0' }, body: reference('error-throttled.json') }, { status: 200, body: { id: adele } });
    const error = (await failure(graph.users.assignLicense(adele, { add: [{ skuId: e5 }] }))) as GraphRateLimitedError;
    expect([error.code, error.retryAfterMs]).toEqual(['graph_rate_limited', 0]);
    expect(calls('POST', `/graph/v1.0/users/${adele}/assignLicense`)).toBe(1);
  });

  it('a 503 on a write is outcome-unknown, not retried', async () => {
    fake.reply('POST', '/graph/v1.0/users', { status: 503, headers: { 'retry-after': '0' }, body: graphError('serviceNotAvailable', 'busy') }, { status: 201, body: reference('user-create.response.json') });
    const error = (await failure(graph.users.create(newUser))) as GraphOutcomeUnknownError;
    expect(error).toBeInstanceOf(GraphOutcomeUnknownError);
    expect([error.code, error.status]).toEqual(['graph_outcome_unknown', 503]);
    expect(calls('POST', '/graph/v1.0/users')).toBe(1);
  });

  it('a lost answer on POST /users is outcome-unknown: no second POST, and the user is found by UPN', async () => {
    fake.reply('POST', '/graph/v1.0/users', { lose: true }, { status: 201, body: reference('user-create.response.json') });
    fake.reply('GET', '/graph/v1.0/users/AdeleV%40contoso.onmicrosoft.com', { status: 200, body: reference('user-create.response.json') });
    const error = await failure(graph.users.create(newUser));
    expect(error).toBeInstanceOf(GraphOutcomeUnknownError);
    expect((error as Error).message).toMatch(/Graph POST \/users \(tenant a1b2c3d4-[^)]+\): outcome unknown \(connection failed \(\w+\)\); read Graph/);
    expect(calls('POST', '/graph/v1.0/users')).toBe(1);
    // What the caller does next: read, and find that the user was created.
    await expect(graph.users.find(newUser.userPrincipalName)).resolves.toMatchObject({ id: adele });
    expect(calls('POST', '/graph/v1.0/users')).toBe(1);
  });

  it('a write that times out is outcome-unknown, sent once', async () => {
    graph = createTestMicrosoftClient(fake, { timeoutMs: 200 }).forTenant(tenant);
    fake.reply('POST', `/graph/v1.0/users/${adele}/assignLicense`, { status: 200, body: { id: adele }, delayMs: 2_000 });
    const error = await failure(graph.users.assignLicense(adele, { add: [{ skuId: e5 }] }));
    expect(error).toBeInstanceOf(GraphOutcomeUnknownError);
    expect((error as Error).message).toContain('outcome unknown (timed out)');
    expect(calls('POST', `/graph/v1.0/users/${adele}/assignLicense`)).toBe(1);
  });

  it('a write that never left (connection refused) is a network error: nothing can have changed', async () => {
    const closed = await startFakeMicrosoft();
    await closed.close();
    graph = createTestMicrosoftClient(fake, { graphBaseUrl: closed.graphBaseUrl }).forTenant(tenant);
    await expect(graph.users.update(adele, { accountEnabled: false })).rejects.toBeInstanceOf(GraphNetworkError);
  });

  it('a write Graph accepted but answered unreadably says the change was made', async () => {
    fake.reply('POST', `/graph/v1.0/users/${adele}/revokeSignInSessions`, { status: 200, body: '<html>ok</html>' });
    const error = (await failure(graph.users.revokeSessions(adele))) as GraphSchemaError;
    expect([error.code, error.afterWrite]).toEqual(['graph_schema', true]);
    expect(calls('POST', `/graph/v1.0/users/${adele}/revokeSignInSessions`)).toBe(1);
  });
});
