import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRouter } from '../http/router.ts';
import { sendJson } from '../http/send.ts';
import { createRateLimiter, type RateLimiter } from '../rate-limit.ts';
import { runLifecycle, type SandboxRuntime } from '../sandbox-runtime.ts';
import { GraphError, graphErrorBody, injectedFault, insufficientPrivileges, throttled } from './graph-error.ts';
import { GRAPH_PREFIX, type GraphResult, type GraphRouteDef } from './graph-route-types.ts';
import { issueToken, matchLogin, openIdConfiguration, OPENID_PATTERN, TOKEN_PATTERN } from './login-routes.ts';
import { accountOfTenant, syncTenants, tenantUsers, type GraphWriteEntry } from './microsoft-state.ts';
import { licenseRoutes } from './routes/license-routes.ts';
import { organizationRoutes } from './routes/organization-routes.ts';
import { userReadRoutes } from './routes/user-read-routes.ts';
import { userWriteRoutes } from './routes/user-write-routes.ts';

/** Every Graph operation the sandbox serves, with its full path (`/graph/v1.0/users/{id}`). */
export const graphRoutes: readonly GraphRouteDef[] = [...organizationRoutes, ...userReadRoutes, ...userWriteRoutes, ...licenseRoutes].map((r) => ({ ...r, pattern: `${GRAPH_PREFIX}${r.pattern}` }));

/** Matches a request path to a Graph operation (literal segments before placeholders). */
export const graphRouter = createRouter(graphRoutes);

/** Whether `METHOD /full/pattern` names a Microsoft endpoint, for validating fault rules. */
export function isMicrosoftRoute(method: string, pattern: string): boolean {
  if (pattern === TOKEN_PATTERN) return method === '*' || method === 'POST';
  if (pattern === OPENID_PATTERN) return method === '*' || method === 'GET';
  return graphRouter.has(method, pattern);
}

/** Whether a path belongs to the Microsoft half of the sandbox. */
export function isMicrosoftPath(path: string): boolean {
  return path.startsWith('/login/') || path === GRAPH_PREFIX || path.startsWith(`${GRAPH_PREFIX}/`);
}

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One Graph request in flight: what the answer needs (ids for `innerError`, the write to settle). */
interface GraphExchange {
  rt: SandboxRuntime;
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  text: string;
  requestId: string;
  clientRequestId: string;
  write?: GraphWriteEntry;
}

function send(ex: GraphExchange, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (ex.write) ex.write.status = status;
  sendJson(ex.res, status, body, { 'request-id': ex.requestId, 'client-request-id': ex.clientRequestId, ...headers });
}

function fail(ex: GraphExchange, error: GraphError): void {
  send(ex, error.status, graphErrorBody(error, { date: ex.rt.clock.nowMs(), requestId: ex.requestId, clientRequestId: ex.clientRequestId }), error.extra.headers);
}

/** Graph writes are logged with passwords blanked: the log is read by tests and shown in the console. */
function redact(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  if (Array.isArray(body)) return body.map(redact);
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, /password/i.test(k) && typeof v === 'string' ? '[redacted]' : redact(v)]));
}

function recordWrite(ex: GraphExchange, tenantId: string | null): void {
  if (!writeMethods.has(ex.method)) return;
  let body: unknown = ex.text === '' ? null : ex.text;
  try {
    if (ex.text !== '') body = JSON.parse(ex.text) as unknown;
  } catch {
    // Kept as text: a malformed body still reached Graph.
  }
  const raw = typeof body === 'string' && /password/i.test(body) ? '[redacted: unparsable body mentioning a password]' : body;
  ex.write = ex.rt.microsoft.writes.record({ at: ex.rt.clock.now().toISOString(), method: ex.method, path: ex.url.pathname, query: Object.fromEntries(ex.url.searchParams), body: redact(raw), tenantId });
}

function limiterOf(rt: SandboxRuntime, tenantId: string): RateLimiter {
  let limiter = rt.microsoft.limiters.get(tenantId);
  if (!limiter) {
    limiter = createRateLimiter(rt.microsoft.settings.rateLimit, undefined, 10_000);
    rt.microsoft.limiters.set(tenantId, limiter);
  }
  return limiter;
}

function parseBody(ex: GraphExchange): unknown {
  if (ex.text.trim() === '') return undefined;
  try {
    return JSON.parse(ex.text) as unknown;
  } catch {
    throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
}

/** The bearer token's grant, or the 401 Graph gives. */
function authenticate(ex: GraphExchange) {
  const token = /^Bearer\s+(\S+)$/i.exec(ex.req.headers.authorization ?? '')?.[1];
  if (token === undefined) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  const grant = ex.rt.microsoft.tokens.check(token);
  if (grant === 'expired') throw new GraphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
  const tenant = grant === undefined ? undefined : ex.rt.microsoft.byId.get(grant.tenantId);
  const account = tenant === undefined ? undefined : accountOfTenant(ex.rt.accounts, tenant);
  if (grant === undefined || tenant === undefined || account === undefined) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
  return { grant, tenant, account };
}

/**
 * A Graph call: token → its tenant, the tenant's rate limit, the writes log, the route, faults, the
 * app's permissions, then the route on the token's tenant (never one the request names).
 */
async function handleGraph(ex: GraphExchange): Promise<void> {
  const { rt } = ex;
  let auth: ReturnType<typeof authenticate>;
  try {
    auth = authenticate(ex);
  } catch (error) {
    recordWrite(ex, null);
    throw error;
  }
  const { grant, tenant, account } = auth;
  recordWrite(ex, tenant.id);
  const limit = limiterOf(rt, tenant.id).check();
  if (!limit.ok) {
    rt.stats.stats.http429++;
    throw throttled(429, limit.retryAfterSeconds);
  }
  const match = graphRouter.match(ex.method, ex.url.pathname.replace(/\/+$/, ''));
  if (match.kind === 'none') throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${ex.url.pathname.slice(GRAPH_PREFIX.length + 1).split('/')[0] ?? ''}'.`);
  if (match.kind === 'method-not-allowed') throw new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request uri.');
  rt.stats.count(`${ex.method} ${match.route.pattern}`);
  const plan = rt.faults.plan(ex.method, match.route.pattern);
  if (plan.latencyMs > 0) await sleep(plan.latencyMs);
  if (plan.hang) return;
  if (plan.status !== undefined) throw injectedFault(plan.status, plan.retryAfterSeconds);
  if (!match.route.permissions.some((p) => grant.roles.includes(p))) throw insufficientPrivileges();
  const result = ((): GraphResult | GraphError => {
    try {
      const now = rt.clock.nowMs();
      runLifecycle(account.data, now);
      return match.route.handler({
        ms: rt.microsoft, tenant, account, users: tenantUsers(tenant, account), params: match.params, query: ex.url.searchParams, body: parseBody(ex), now,
        seenAt: now - rt.microsoft.settings.provisioningDelayMs, eventual: /^eventual$/i.test(String(ex.req.headers.consistencylevel ?? '')),
        graphBase: `${rt.microsoft.baseUrl}${GRAPH_PREFIX}`, path: ex.url.pathname.slice(GRAPH_PREFIX.length),
      });
    } catch (error) {
      return error instanceof GraphError ? error : new GraphError(500, 'generalException', 'An unspecified error has occurred.');
    }
  })();
  const status = result instanceof GraphError ? result.status : result.status;
  if (plan.hangAfterWrite) {
    if (ex.write) {
      ex.write.status = status;
      ex.write.responseLost = true;
    }
    return;
  }
  if (result instanceof GraphError) return fail(ex, result);
  send(ex, result.status, result.body);
}

/** An Entra call: the token endpoint or the OpenID configuration, with faults like any route. */
async function handleLogin(ex: GraphExchange): Promise<void> {
  const { rt } = ex;
  const login = matchLogin(ex.url.pathname);
  if (!login) return sendJson(ex.res, 404, { error: 'not_found', error_description: `No endpoint ${ex.method} ${ex.url.pathname}` });
  const wanted = login.pattern === TOKEN_PATTERN ? 'POST' : 'GET';
  if (ex.method !== wanted) return sendJson(ex.res, 405, { error: 'invalid_request', error_description: `AADSTS900561: The endpoint only accepts ${wanted} requests. Received a ${ex.method} request.` });
  rt.stats.count(`${ex.method} ${login.pattern}`);
  const plan = rt.faults.plan(ex.method, login.pattern);
  if (plan.latencyMs > 0) await sleep(plan.latencyMs);
  if (plan.hang) return;
  if (plan.status !== undefined) {
    const headers: Record<string, string> = plan.retryAfterSeconds === undefined ? {} : { 'retry-after': String(plan.retryAfterSeconds) };
    return sendJson(ex.res, plan.status, { error: 'temporarily_unavailable', error_description: 'AADSTS90033: A transient error has occurred. Please try again.', error_codes: [90033] }, headers);
  }
  syncTenants(rt.microsoft, rt.accounts);
  const now = rt.clock.nowMs();
  const result = login.pattern === TOKEN_PATTERN ? issueToken(rt.microsoft, login.tenant, ex.text, now) : openIdConfiguration(rt.microsoft, login.tenant, now);
  sendJson(ex.res, result.status, result.body);
}

/** A failure before the Microsoft pipeline ran (a body over the size limit), in Graph's error shape. */
export function failMicrosoft(res: ServerResponse, status: number, message: string, nowMs: number): void {
  const requestId = randomUUID();
  const error = new GraphError(status, status === 413 ? 'RequestEntityTooLarge' : 'generalException', message);
  sendJson(res, status, graphErrorBody(error, { date: nowMs, requestId, clientRequestId: requestId }), { 'request-id': requestId });
}

/**
 * The Microsoft half of the request pipeline (`/login/...` and `/graph/v1.0/...`), sharing the
 * sandbox's clock, faults and stats with Pax8 but with its own writes log. Never throws.
 */
export async function handleMicrosoft(rt: SandboxRuntime, req: IncomingMessage, res: ServerResponse, url: URL, text: string): Promise<void> {
  const requestId = randomUUID();
  const clientRequestId = String(req.headers['client-request-id'] ?? '') || requestId;
  const ex: GraphExchange = { rt, req, res, method: (req.method ?? 'GET').toUpperCase(), url, text, requestId, clientRequestId };
  if (url.pathname.startsWith('/login/')) return handleLogin(ex);
  try {
    syncTenants(rt.microsoft, rt.accounts);
    await handleGraph(ex);
  } catch (error) {
    fail(ex, error instanceof GraphError ? error : new GraphError(500, 'generalException', 'An unspecified error has occurred.'));
  }
}
