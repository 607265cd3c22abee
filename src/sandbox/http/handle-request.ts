import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin } from '../admin/admin-api.ts';
import { handleToken } from '../routes/token.ts';
import { runLifecycle, type SandboxRuntime } from '../sandbox-runtime.ts';
import type { WriteEntry } from '../writes-log.ts';
import { ApiError, errorBody, FlatErrors, instanceOf } from './api-error.ts';
import { parseJson, readBody } from './read-body.ts';
import type { RouteResult } from './route-types.ts';
import { sendJson } from './send.ts';

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Exchange {
  rt: SandboxRuntime;
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  path: string;
  text: string;
  write?: WriteEntry;
}

function reply(ex: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (ex.write) ex.write.status = status;
  sendJson(ex.res, status, body, headers);
}

function refusal(ex: Exchange, status: number, message: string, details: ApiError['details'] = []): void {
  reply(ex, status, errorBody(status, message, instanceOf(ex.url.pathname), details));
}

/** Turns whatever a route threw into the Pax8 error shape it stands for; never crashes the server. */
function resultOf(ex: Exchange, run: () => RouteResult): RouteResult {
  try {
    return run();
  } catch (error) {
    if (error instanceof FlatErrors) return { status: error.status, body: { errors: error.errors } };
    if (error instanceof ApiError) return { status: error.status, body: errorBody(error.status, error.message, instanceOf(ex.url.pathname), error.details, error.type) };
    return { status: 500, body: errorBody(500, 'Internal Server Error', instanceOf(ex.url.pathname)) };
  }
}

function recordWrite(ex: Exchange): void {
  if (!writeMethods.has(ex.method) || ex.path === '/token') return;
  let body: unknown = ex.text === '' ? null : ex.text;
  try {
    if (ex.text !== '') body = JSON.parse(ex.text) as unknown;
  } catch {
    // Kept as text: a malformed body is still a write that reached the API.
  }
  const mock = /^true$/i.test(ex.url.searchParams.get('isMock') ?? '');
  ex.write = ex.rt.writes.record({
    at: ex.rt.clock.now().toISOString(), method: ex.method, path: ex.url.pathname,
    query: Object.fromEntries(ex.url.searchParams), body, ...(mock ? { isMock: true as const } : {}),
  });
}

function authorised(ex: Exchange): boolean {
  const header = ex.req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] !== undefined && ex.rt.tokens.isValid(match[1]);
}

/** Route matching, faults and the handler, for an authenticated `/v1` request. */
async function dispatch(ex: Exchange): Promise<void> {
  const match = ex.rt.router.match(ex.method, ex.path);
  if (match.kind === 'none') return refusal(ex, 404, `No endpoint ${ex.method} ${ex.url.pathname}`);
  if (match.kind === 'method-not-allowed') return refusal(ex, 405, `Request method '${ex.method}' is not supported`, [{ message: `allowed: ${match.allowed.join(', ')}` }]);
  ex.rt.stats.count(`${ex.method} ${match.route.pattern}`);
  const plan = ex.rt.faults.plan(ex.method, match.route.pattern);
  if (plan.latencyMs > 0) await sleep(plan.latencyMs);
  if (plan.hang) return;
  if (plan.status !== undefined) return refusal(ex, plan.status, plan.status === 503 ? 'Service Unavailable' : 'Injected fault');
  const result = resultOf(ex, () => {
    const body = parseJson(ex.text);
    // Again, not only in handle(): an injected latency lets sandbox time move on.
    const now = ex.rt.clock.nowMs();
    runLifecycle(ex.rt.data, now);
    return match.route.handler({ params: match.params, query: ex.url.searchParams, body, data: ex.rt.data, now });
  });
  if (plan.hangAfterWrite) {
    if (ex.write) {
      ex.write.status = result.status;
      ex.write.responseLost = true;
    }
    return;
  }
  reply(ex, result.status, result.body);
}

async function handle(ex: Exchange): Promise<void> {
  const { rt } = ex;
  rt.stats.stats.requests++;
  ex.text = await readBody(ex.req);
  if (ex.url.pathname === '/__sandbox' || ex.url.pathname.startsWith('/__sandbox/')) {
    const result = handleAdmin(rt, ex.method, ex.url.pathname, ex.text);
    return sendJson(ex.res, result.status, result.body);
  }
  if (ex.url.pathname !== '/v1' && !ex.url.pathname.startsWith('/v1/')) return refusal(ex, 404, `No endpoint ${ex.method} ${ex.url.pathname}`);
  runLifecycle(rt.data, rt.clock.nowMs());
  recordWrite(ex);
  const limit = rt.limiter.check();
  if (!limit.ok) {
    rt.stats.stats.http429++;
    return reply(ex, 429, errorBody(429, 'Too Many Requests: rate limit of the partner exceeded', instanceOf(ex.url.pathname)), { 'retry-after': String(limit.retryAfterSeconds) });
  }
  if (ex.path === '/token') {
    if (ex.method !== 'POST') return refusal(ex, 405, `Request method '${ex.method}' is not supported`);
    const result = handleToken(rt, ex.text, ex.req.headers['content-type'] ?? '');
    return sendJson(ex.res, result.status, result.body);
  }
  if (!authorised(ex)) return refusal(ex, 401, 'Full authentication is required to access this resource: missing, invalid or expired Bearer token');
  return dispatch(ex);
}

/** The request pipeline: admin, rate limit, token, Bearer check, faults, route. Never throws. */
export async function handleRequest(rt: SandboxRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  const ex: Exchange = { rt, req, res, method: (req.method ?? 'GET').toUpperCase(), url, path: url.pathname.replace(/^\/v1/, '').replace(/\/+$/, '') || '/', text: '' };
  try {
    await handle(ex);
  } catch (error) {
    if (error instanceof ApiError) return refusal(ex, error.status, error.message, error.details);
    refusal(ex, 500, 'Internal Server Error');
  }
}
