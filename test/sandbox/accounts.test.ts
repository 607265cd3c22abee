import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/errors.ts';
import { parseSandboxArgs, startSandbox } from '../../src/sandbox/index.ts';
import { first, type SandboxHarness, startSandboxHarness, type Wire } from '../helpers/sandbox-http.ts';

const DAY_MS = 86_400_000;

async function readJson(response: Response): Promise<Wire> {
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as Wire;
}

/** A `/v1` call with a given token (or none), for talking to several accounts of one sandbox. */
async function call(h: SandboxHarness, token: string | undefined, method: string, path: string, body?: unknown): Promise<{ status: number; body: Wire }> {
  const response = await fetch(`${h.sandbox.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await readJson(response) };
}

async function tokenOf(h: SandboxHarness, clientId: string): Promise<string> {
  const { status, body } = await h.fetchToken({ client_id: clientId });
  expect(status, `token for ${clientId}`).toBe(200);
  return body.access_token;
}

const ids = (items: readonly Wire[]): string[] => items.map((i) => i.id);

describe('a sandbox with two partner accounts', () => {
  let h: SandboxHarness;
  let one: string;
  let two: string;
  beforeAll(async () => {
    h = await startSandboxHarness({ accounts: 2, companies: 12, seed: 5 });
    one = await tokenOf(h, 'sandbox');
    two = await tokenOf(h, 'sandbox-2');
  });
  afterAll(() => h.close());

  it('names its accounts sandbox and sandbox-2, and issues a token to each with the one secret', async () => {
    expect(h.sandbox.clientId).toBe('sandbox');
    expect(h.sandbox.clientIds).toEqual(['sandbox', 'sandbox-2']);
    expect((await h.fetchToken({ client_id: 'sandbox-3' })).status).toBe(401);
    expect((await h.fetchToken({ client_id: 'sandbox-2', client_secret: 'nope' })).status).toBe(401);
    expect((await h.admin('GET', '')).body.accounts).toEqual(['sandbox', 'sandbox-2']);
  });

  it('gives each account its own companies, subscriptions, orders and invoices, and the one catalog', async () => {
    const lists = async (token: string) => {
      const [companies, subscriptions, orders, invoices, products] = await Promise.all(
        ['/companies?size=200', '/subscriptions?size=200', '/orders?size=200', '/invoices?size=200', '/products?size=200'].map(async (p) => (await call(h, token, 'GET', p)).body),
      );
      return { companies, subscriptions, orders, invoices, products } as Record<string, Wire>;
    };
    const a = await lists(one);
    const b = await lists(two);
    expect(a.companies?.page.totalElements).toBe(12);
    expect(b.companies?.page.totalElements).toBe(12);
    for (const kind of ['companies', 'subscriptions', 'orders', 'invoices']) {
      const mine = new Set(ids(a[kind]?.content ?? []));
      expect(mine.size, kind).toBeGreaterThan(0);
      expect(ids(b[kind]?.content ?? []).filter((id) => mine.has(id)), kind).toEqual([]);
    }
    expect(b.companies?.content.map((c) => c.name)).not.toEqual(a.companies?.content.map((c) => c.name));
    const bCompanies = new Set(ids(b.companies?.content ?? []));
    expect(b.subscriptions?.content.every((s) => bCompanies.has(s.companyId))).toBe(true);
    expect(b.invoices?.content.every((i) => bCompanies.has(i.companyId))).toBe(true);
    expect(b.products).toEqual(a.products);
  });

  it("answers Pax8's 404 (403 for a companyId filter) for another account's company or subscription", async () => {
    const theirs = first((await call(h, two, 'GET', '/companies?size=1')).body.content);
    expect((await call(h, two, 'GET', `/companies/${theirs.id}`)).status).toBe(200);
    const refused = await call(h, one, 'GET', `/companies/${theirs.id}`);
    expect(refused.status).toBe(404);
    expect(refused.body.message).toContain(theirs.id);
    const sub = first((await call(h, two, 'GET', '/subscriptions?size=1')).body.content);
    expect((await call(h, one, 'GET', `/subscriptions/${sub.id}`)).status).toBe(404);
    const filtered = await call(h, one, 'GET', `/subscriptions?companyId=${theirs.id}`);
    expect(filtered.status).toBe(403);
    expect(first(filtered.body.details).message).toContain('does not belong to this partner');
  });

  it('records in the writes log which account each write came from', async () => {
    await h.admin('DELETE', '/writes');
    const theirs = first((await call(h, two, 'GET', '/companies?size=1')).body.content);
    const mine = first((await call(h, one, 'GET', '/companies?size=1')).body.content);
    expect((await call(h, two, 'PATCH', `/companies/${theirs.id}`, { phone: '555-555-0102' })).status).toBe(200);
    expect((await call(h, one, 'PATCH', `/companies/${theirs.id}`, { phone: '555-555-0101' })).status).toBe(404);
    expect((await call(h, one, 'PATCH', `/companies/${mine.id}`, { phone: '555-555-0101' })).status).toBe(200);
    expect((await call(h, undefined, 'PATCH', `/companies/${mine.id}`, { phone: '555-555-0100' })).status).toBe(401);
    const writes = (await h.admin('GET', '/writes')).body.writes;
    expect(writes.map((w) => [w.path, w.status, w.account])).toEqual([
      [`/v1/companies/${theirs.id}`, 200, 'sandbox-2'],
      [`/v1/companies/${theirs.id}`, 404, 'sandbox'],
      [`/v1/companies/${mine.id}`, 200, 'sandbox'],
      [`/v1/companies/${mine.id}`, 401, null],
    ]);
    expect(first(writes)).toMatchObject({ method: 'PATCH', body: { phone: '555-555-0102' }, query: {} });
    expect((await call(h, two, 'GET', `/companies/${theirs.id}`)).body.phone).toBe('555-555-0102');
  });

  it("lists each account's planted discrepancies with ?account=, account 1's without", async () => {
    const byDefault = (await h.admin('GET', '/discrepancies')).body.discrepancies;
    expect((await h.admin('GET', '/discrepancies?account=sandbox')).body.discrepancies).toEqual(byDefault);
    const second = await h.admin('GET', '/discrepancies?account=sandbox-2');
    expect(second.status).toBe(200);
    expect(second.body.discrepancies.length).toBeGreaterThan(0);
    expect(second.body.discrepancies).not.toEqual(byDefault);
    const unknown = await h.admin('GET', '/discrepancies?account=nobody');
    expect(unknown.status).toBe(404);
    expect(String(unknown.body.error)).toContain('sandbox-2');
  });

  it("renews the second account's commitments as the clock moves", async () => {
    const active = (await call(h, two, 'GET', '/subscriptions?status=Active&size=200')).body.content.filter((s) => s.commitment !== undefined);
    const due = active.reduce((a, b) => (Date.parse(b.commitment.endDate) < Date.parse(a.commitment.endDate) ? b : a));
    await h.admin('POST', '/clock', { set: new Date(Date.parse(due.commitment.endDate) + DAY_MS).toISOString() });
    two = await tokenOf(h, 'sandbox-2');
    one = await tokenOf(h, 'sandbox');
    const renewed = (await call(h, two, 'GET', `/subscriptions/${due.id}`)).body;
    expect(Date.parse(renewed.startDate)).toBeGreaterThanOrEqual(Date.parse(due.commitment.endDate));
    expect(Date.parse(renewed.commitment.endDate)).toBeGreaterThan(Date.parse(due.commitment.endDate));
  });
});

describe('account 1 of several', () => {
  it('is the same partner account a one-account sandbox with the same seed serves', async () => {
    const snapshot = async (h: SandboxHarness) =>
      Promise.all(['/companies?size=200', '/subscriptions?size=200&sort=id,asc', '/orders?size=200', '/invoices?size=200'].map(async (p) => (await h.api('GET', p)).body));
    const single = await startSandboxHarness({ companies: 10, seed: 9 });
    const several = await startSandboxHarness({ companies: 10, seed: 9, accounts: 3 });
    try {
      expect(several.sandbox.clientIds).toEqual(['sandbox', 'sandbox-2', 'sandbox-3']);
      expect(await snapshot(several)).toEqual(await snapshot(single));
      expect((await single.admin('GET', '/discrepancies')).body).toEqual((await several.admin('GET', '/discrepancies')).body);
    } finally {
      await Promise.all([single.close(), several.close()]);
    }
  });

  it('derives the other client ids from the configured client id', async () => {
    const sandbox = await startSandbox({ port: 0, clientId: 'msp', accounts: 3 });
    try {
      expect(sandbox.clientId).toBe('msp');
      expect(sandbox.clientIds).toEqual(['msp', 'msp-2', 'msp-3']);
    } finally {
      await sandbox.close();
    }
  });

  it('serves one account by default, and refuses 0 or more than 20', async () => {
    const sandbox = await startSandbox({ port: 0, companies: 1 });
    try {
      expect(sandbox.clientIds).toEqual(['sandbox']);
    } finally {
      await sandbox.close();
    }
    await expect(startSandbox({ port: 0, accounts: 0 })).rejects.toThrow(/accounts/);
    await expect(startSandbox({ port: 0, accounts: 21 })).rejects.toThrow(/accounts/);
  });
});

describe('the rate limit per account', () => {
  it('refuses the account over its limit and not the other one', async () => {
    const h = await startSandboxHarness({ accounts: 2, companies: 2, rateLimit: 5 });
    try {
      // The harness took a token for account 1: one call of its five.
      const two = await tokenOf(h, 'sandbox-2');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await h.api('GET', '/companies')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
      const refused = await h.api('GET', '/companies');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await call(h, two, 'GET', '/companies')).status).toBe(200);
      // A token request counts against the account it names, so account 2 can still get one.
      const again = await tokenOf(h, 'sandbox-2');
      expect((await call(h, again, 'GET', '/companies')).status).toBe(200);
      expect((await h.fetchToken()).status).toBe(429);
      const statusesTwo: number[] = [];
      for (let i = 0; i < 2; i++) statusesTwo.push((await call(h, two, 'GET', '/companies')).status);
      expect(statusesTwo).toEqual([200, 429]);
    } finally {
      await h.close();
    }
  });
});

describe('--accounts', () => {
  it('parses a number of accounts', () => {
    expect(parseSandboxArgs(['--accounts', '3'])).toEqual({ accounts: 3 });
    expect(parseSandboxArgs(['--accounts=20', '--client-id', 'msp'])).toEqual({ accounts: 20, clientId: 'msp' });
  });

  it('refuses 0, more than 20 and a non-number with the allowed range', () => {
    for (const value of ['0', '21', 'x', '1.5', '']) {
      expect(() => parseSandboxArgs(['--accounts', value])).toThrow(InvalidInputError);
      expect(() => parseSandboxArgs(['--accounts', value])).toThrow(`--accounts expects a whole number from 1 to 20, got "${value}"`);
    }
  });

  it('makes the sandbox command exit 2 with that message', async () => {
    const bin = fileURLToPath(new URL('../../src/bin.mjs', import.meta.url));
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [bin, 'sandbox', '--accounts', '0'], { env: { PATH: process.env.PATH ?? '' }, timeout: 20_000 }, (error, _stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stderr });
      });
    });
    expect(code).toBe(2);
    expect(stderr).toContain('--accounts expects a whole number from 1 to 20, got "0"');
  });
});
