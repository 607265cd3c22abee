import { z } from 'zod';
import { syncTenants } from '../m365/microsoft-state.ts';
import { defaultDomain, graphPermissions, initialDomain, type Tenant } from '../m365/tenant-model.ts';
import type { SandboxRuntime } from '../sandbox-runtime.ts';

/** An admin answer: status and JSON body. */
export interface MicrosoftAdminResult {
  status: number;
  body?: unknown;
}

function tenantSummary(tenant: Tenant) {
  return {
    tenantId: tenant.id,
    displayName: tenant.displayName,
    defaultDomain: defaultDomain(tenant),
    initialDomain: initialDomain(tenant),
    domains: tenant.domains.map((d) => d.name),
    companyId: tenant.companyId,
    account: tenant.accountClientId,
    consented: tenant.consented,
    permissions: [...tenant.permissions],
    seeded: tenant.seeded,
  };
}

const tenantPatchSchema = z.object({ consented: z.boolean().optional(), permissions: z.array(z.enum(graphPermissions)).optional() }).strict();

function patchTenant(rt: SandboxRuntime, tenantId: string, text: string): MicrosoftAdminResult {
  const tenant = rt.microsoft.byId.get(tenantId.toLowerCase());
  if (!tenant) return { status: 404, body: { error: `no tenant ${tenantId}; GET /__sandbox/microsoft/tenants lists them` } };
  let json: unknown;
  try {
    json = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    return { status: 400, body: { error: 'malformed JSON' } };
  }
  const input = tenantPatchSchema.safeParse(json);
  if (!input.success) {
    return { status: 400, body: { error: `expected {"consented": true|false, "permissions": [${graphPermissions.map((p) => `"${p}"`).join(', ')}]}: ${input.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}` } };
  }
  if (input.data.consented !== undefined) tenant.consented = input.data.consented;
  if (input.data.permissions !== undefined) tenant.permissions = [...new Set(input.data.permissions)];
  return { status: 200, body: { tenant: tenantSummary(tenant) } };
}

/**
 * `/__sandbox/microsoft/...`: the tenants (with their company, domains and consent; a tenant's
 * consent and permissions can be changed for tests, new tokens carry the change) and the log of
 * Graph writes, kept apart from the Pax8 writes log. Undefined for any other path.
 */
export function handleMicrosoftAdmin(rt: SandboxRuntime, method: string, url: URL, text: string): MicrosoftAdminResult | undefined {
  const path = url.pathname.replace(/\/+$/, '');
  syncTenants(rt.microsoft, rt.accounts);
  if (method === 'GET' && path === '/__sandbox/microsoft/tenants') {
    const account = url.searchParams.get('account');
    const tenants = rt.microsoft.tenants.filter((t) => account === null || t.accountClientId === account);
    return { status: 200, body: { tenants: tenants.map(tenantSummary) } };
  }
  const one = /^\/__sandbox\/microsoft\/tenants\/([^/]+)$/.exec(path);
  if (method === 'PATCH' && one?.[1]) return patchTenant(rt, decodeURIComponent(one[1]), text);
  if (method === 'GET' && path === '/__sandbox/microsoft/writes') return { status: 200, body: { writes: rt.microsoft.writes.list() } };
  if (method === 'DELETE' && path === '/__sandbox/microsoft/writes') {
    rt.microsoft.writes.clear();
    return { status: 204 };
  }
  return undefined;
}
