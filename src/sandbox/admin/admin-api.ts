import { z } from 'zod';
import { parseDuration } from '../../util/duration.ts';
import { faultInputSchema } from '../faults.ts';
import { isMicrosoftRoute } from '../m365/handle-microsoft.ts';
import { handleBillingDiscrepancies } from './billing-admin.ts';
import { handleMicrosoftAdmin } from './microsoft-admin.ts';
import { accountByClientId, runLifecycle, type SandboxAccount, type SandboxRuntime } from '../sandbox-runtime.ts';
import { parseWireDate } from '../wire-dates.ts';
import { lookupRecords } from './lookup-records.ts';

export interface AdminResult {
  status: number;
  body?: unknown;
}

const clockSchema = z.union([z.object({ advance: z.string() }), z.object({ set: z.string() })]);
const bad = (message: string): AdminResult => ({ status: 400, body: { error: message } });

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: text.trim() === '' ? {} : (JSON.parse(text) as unknown) };
  } catch {
    return { ok: false };
  }
}

function clock(rt: SandboxRuntime, method: string, text: string): AdminResult {
  if (method === 'POST') {
    const body = parse(text);
    const input = body.ok ? clockSchema.safeParse(body.value) : undefined;
    if (!input?.success) return bad('expected {"advance": "P8D"} or {"set": "<ISO time>"}');
    if ('advance' in input.data) {
      const ms = parseDuration(input.data.advance);
      if (ms === undefined) return bad(`not a duration: ${input.data.advance} (try P8D, PT4H, 25h)`);
      rt.clock.advance(ms);
    } else {
      const at = parseWireDate(input.data.set);
      if (at === undefined) return bad(`not an ISO time: ${input.data.set}`);
      rt.clock.set(at);
    }
    for (const account of rt.accounts) runLifecycle(account.data, rt.clock.nowMs());
  }
  return { status: 200, body: { now: rt.clock.now().toISOString() } };
}

function faults(rt: SandboxRuntime, method: string, text: string): AdminResult {
  if (method === 'GET') return { status: 200, body: rt.faults.list() };
  if (method === 'DELETE') {
    rt.faults.clear();
    return { status: 200, body: rt.faults.list() };
  }
  const body = parse(text);
  const input = body.ok ? faultInputSchema.safeParse(body.value) : undefined;
  if (!input?.success) return bad(`invalid fault: ${input ? input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : 'malformed JSON'}`);
  const { route, failRate, latencyMs } = input.data;
  if (route === undefined) {
    if (failRate !== undefined) rt.faults.globals.failRate = failRate;
    if (latencyMs !== undefined) rt.faults.globals.latencyMs = latencyMs;
    return { status: 200, body: rt.faults.list() };
  }
  const [verb = '*', pattern = ''] = route.trim().split(/\s+/);
  if (!rt.router.has(verb.toUpperCase(), pattern) && !isMicrosoftRoute(verb.toUpperCase(), pattern)) {
    return bad(`unknown route "${route}": use the OpenAPI path relative to /v1, e.g. "POST /orders" or "GET /subscriptions/{subscriptionId}", or a Microsoft one in full, e.g. "POST /graph/v1.0/users/{id}/assignLicense" or "POST /login/{tenant}/oauth2/v2.0/token"`);
  }
  const rule = rt.faults.add({ ...input.data, route });
  return { status: 200, body: { id: rule.id, rule } };
}

/** The account `?account=<client id>` names; account 1 without the parameter. */
function accountOf(rt: SandboxRuntime, query: URLSearchParams): SandboxAccount | AdminResult {
  const clientId = query.get('account');
  if (clientId === null) return rt.accounts[0];
  return accountByClientId(rt, clientId) ?? { status: 404, body: { error: `no account "${clientId}"; accounts: ${rt.accounts.map((a) => a.clientId).join(', ')}` } };
}

/** The planted invoice discrepancies of the account `?account=` names: listed, or one more planted. */
function discrepancies(rt: SandboxRuntime, method: string, query: URLSearchParams, text: string): AdminResult {
  const account = accountOf(rt, query);
  if ('status' in account) return account;
  // Invoices of a month whose 1st has passed appear on the next request; this may be it.
  runLifecycle(account.data, rt.clock.nowMs());
  return handleBillingDiscrepancies(account.data, method, text);
}

/**
 * The admin API under `/__sandbox` (no token, no rate limit, no faults, not counted in the stats):
 * clock, faults, the writes log, request stats, the invoice discrepancies (listed and planted under
 * `/__sandbox/billing/discrepancies`, still listed at the older `/__sandbox/discrepancies`), a lookup
 * of records by id, and under `/__sandbox/microsoft` the tenants and the Graph writes. Clock, faults
 * and stats are shared by every account and by Microsoft; the discrepancies are account 1's unless
 * `?account=<client id>` says.
 */
export function handleAdmin(rt: SandboxRuntime, method: string, url: URL, text: string): AdminResult {
  const key = `${method} ${url.pathname.replace(/\/+$/, '')}`;
  if (url.pathname.startsWith('/__sandbox/microsoft/')) {
    return handleMicrosoftAdmin(rt, method, url, text) ?? { status: 404, body: { error: `no admin endpoint ${key}` } };
  }
  switch (key) {
    case 'GET /__sandbox/clock':
    case 'POST /__sandbox/clock':
      return clock(rt, method, text);
    case 'GET /__sandbox/faults':
    case 'POST /__sandbox/faults':
    case 'DELETE /__sandbox/faults':
      return faults(rt, method, text);
    case 'GET /__sandbox/writes':
      return { status: 200, body: { writes: rt.writes.list() } };
    case 'DELETE /__sandbox/writes':
      rt.writes.clear();
      return { status: 204 };
    case 'GET /__sandbox/stats':
      return { status: 200, body: rt.stats.stats };
    case 'DELETE /__sandbox/stats':
      rt.stats.reset();
      return { status: 204 };
    case 'GET /__sandbox/billing/discrepancies':
    case 'POST /__sandbox/billing/discrepancies':
    case 'GET /__sandbox/discrepancies':
      return discrepancies(rt, method, url.searchParams, text);
    case 'GET /__sandbox/lookup':
      return { status: 200, body: lookupRecords(rt, url.searchParams) };
    case 'GET /__sandbox':
      return {
        status: 200,
        body: {
          endpoints: [
            'GET|POST /__sandbox/clock', 'GET|POST|DELETE /__sandbox/faults', 'GET|DELETE /__sandbox/writes', 'GET|DELETE /__sandbox/stats', 'GET|POST /__sandbox/billing/discrepancies[?account=<client id>]',
            'GET /__sandbox/lookup?id=<company, product or subscription id>',
            'GET /__sandbox/microsoft/tenants[?account=<client id>]', 'PATCH /__sandbox/microsoft/tenants/{tenantId}', 'GET|DELETE /__sandbox/microsoft/writes',
            'GET|PUT|DELETE /__sandbox/webhooks', 'GET /__sandbox/webhooks/deliveries', 'POST /__sandbox/webhooks/deliveries/{id}/resend',
          ],
          accounts: rt.accounts.map((a) => a.clientId),
        },
      };
    default:
      return { status: 404, body: { error: `no admin endpoint ${key}` } };
  }
}
