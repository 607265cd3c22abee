import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { SandboxOptions } from '../../src/sandbox/index.ts';
import { startSandboxHarness, type SandboxHarness } from './sandbox-http.ts';

/** A JSON body from the Microsoft half, typed loosely for assertions (anything not named is `unknown`). */
export interface Ms {
  [key: string]: unknown;
  value: Ms[];
  id: string;
  error: Ms & { code: string; message: string; innerError: Ms };
  error_description: string;
  error_codes: number[];
  access_token: string;
  expires_in: number;
  issuer: string;
  userPrincipalName: string;
  displayName: string;
  accountEnabled: boolean;
  skuId: string;
  skuPartNumber: string;
  consumedUnits: number;
  prepaidUnits: { enabled: number; warning: number; suspended: number; lockedOut: number };
  subscriptionIds: string[];
  commerceSubscriptionId: string;
  status: string;
  totalLicenses: number;
  assignedLicenses: { skuId: string; disabledPlans: string[] }[];
  licenseAssignmentStates: { skuId: string; assignedByGroup: string | null }[];
  servicePlans: { servicePlanId: string; servicePlanName: string }[];
  verifiedDomains: { name: string; isDefault: boolean; isInitial: boolean }[];
  usageLocation: string | null;
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
}

/** One row of `GET /__sandbox/microsoft/tenants`. */
export interface TenantRow {
  tenantId: string;
  displayName: string;
  defaultDomain: string;
  initialDomain: string;
  companyId: string;
  account: string;
  consented: boolean;
  permissions: string[];
  seeded: boolean;
}

export interface Reply {
  status: number;
  body: Ms;
  headers: Headers;
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Ms, headers: response.headers };
}

/**
 * The sandbox harness plus the Microsoft side: tenants from the admin API, Entra tokens, and Graph
 * calls with a token (so every call acts on that token's tenant).
 */
export interface MicrosoftHarness extends SandboxHarness {
  tenants(): Promise<TenantRow[]>;
  requestToken(tenant: string, form?: Record<string, string>): Promise<Reply>;
  /** A token for the tenant, or a test failure saying why none was issued. */
  tokenFor(tenant: string): Promise<string>;
  graph(token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Follows an absolute `@odata.nextLink` as given. */
  follow(token: string, link: string, headers?: Record<string, string>): Promise<Reply>;
  msAdmin(method: string, path: string, body?: unknown): Promise<Reply>;
  /** Seeded, consented tenants with every default permission whose directory has at least `minUsers` users. */
  usableTenants(minUsers?: number): Promise<TenantRow[]>;
}

export const graphScope = 'https://graph.microsoft.com/.default';

export async function startMicrosoftHarness(options: SandboxOptions = {}): Promise<MicrosoftHarness> {
  const base = await startSandboxHarness(options);
  const { sandbox } = base;
  const h: MicrosoftHarness = Object.assign(base, {
    async tenants() {
      const res = await fetch(`${sandbox.url}/__sandbox/microsoft/tenants`);
      return ((await res.json()) as { tenants: TenantRow[] }).tenants;
    },
    async requestToken(tenant: string, form: Record<string, string> = {}) {
      const body = new URLSearchParams({ client_id: sandbox.microsoft.clientId, client_secret: sandbox.microsoft.clientSecret, scope: graphScope, grant_type: 'client_credentials', ...form });
      return reply(await fetch(`${sandbox.microsoft.loginUrl}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }));
    },
    async tokenFor(tenant: string) {
      const res = await h.requestToken(tenant);
      expect(res.status, `token for ${tenant}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body.access_token;
    },
    async graph(token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      return reply(await fetch(`${sandbox.microsoft.graphBaseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }));
    },
    async follow(token: string, link: string, headers: Record<string, string> = {}) {
      return reply(await fetch(link, { headers: { authorization: `Bearer ${token}`, ...headers } }));
    },
    async msAdmin(method: string, path: string, body?: unknown) {
      return reply(await fetch(`${sandbox.url}/__sandbox/microsoft${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
    },
    async usableTenants(minUsers = 0) {
      const full = (await h.tenants()).filter((t) => t.seeded && t.consented && t.permissions.includes('User.ReadWrite.All'));
      const result: TenantRow[] = [];
      for (const t of full) {
        const token = await h.tokenFor(t.tenantId);
        const count = (await h.graph(token, 'GET', '/users?$count=true&$top=1', undefined, { ConsistencyLevel: 'eventual' })).body['@odata.count'] ?? 0;
        if (count >= minUsers) result.push(t);
      }
      return result;
    },
  });
  return h;
}

/** A file of test/reference/microsoft, parsed. */
export function microsoftSample(name: string): Ms {
  return JSON.parse(readFileSync(new URL(`../reference/microsoft/${name}`, import.meta.url), 'utf8')) as Ms;
}

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Checks that `served` has every key of `sample`, with a value of the same JSON type, all the way
 * down (arrays: the first element of each). A `null` in the sample stands for an unset value, which
 * may be a string once set.
 */
export function expectSameShape(sample: unknown, served: unknown, path = '$'): void {
  const want = kind(sample);
  const got = kind(served);
  if (want === 'null') {
    expect(['null', 'string'], `${path}: null or string in the sample, ${got} served`).toContain(got);
    return;
  }
  expect(got, `${path}: ${want} in the sample, ${got} served`).toBe(want);
  if (want === 'array') {
    const [first] = sample as unknown[];
    const [servedFirst] = served as unknown[];
    if (first !== undefined) {
      expect(servedFirst, `${path}[0]: the sample has an element, the sandbox served none`).toBeDefined();
      expectSameShape(first, servedFirst, `${path}[0]`);
    }
  } else if (want === 'object') {
    for (const [key, value] of Object.entries(sample as Record<string, unknown>)) {
      expect(Object.keys(served as object), `${path}: key "${key}" missing`).toContain(key);
      expectSameShape(value, (served as Record<string, unknown>)[key], `${path}.${key}`);
    }
  }
}
