import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin } from '../admin/admin-api.ts';
import { handleWebhooksAdmin } from '../admin/webhooks-admin.ts';
import { failMicrosoft, handleMicrosoft, isMicrosoftPath } from '../m365/handle-microsoft.ts';
import { handleToken, tokenRequestClientId } from '../routes/token.ts';
import { accountByClientId, runLifecycle, type SandboxAccount, type SandboxRuntime } from '../sandbox-runtime.ts';
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
  /** The account of the request's valid Bearer token; undefined without one. */
  account?: SandboxAccount;
  write?: WriteEntry;
}

function reply(ex: Exchange, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (ex.write) ex.write.status = status;
  sendJson(ex.res, status, body, headers);
}

function refusal(ex: Exchange, status: number, message: string, details: ApiError['details'] = [], headers: Record<string, string> = {}): void {
  reply(ex, status, errorBody(status, message, instanceOf(ex.url.pathname), details), headers);
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
    query: Object.fromEntries(ex.url.searchParams), body, account: ex.account?.clientId ?? null, ...(mock ? { isMock: true as const } : {}),
  });
}

/** The account a valid Bearer token was issued to; undefined without a valid token. */
function tokenAccount(ex: Exchange): SandboxAccount | undefined {
  const header = ex.req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const clientId = match?.[1] === undefined ? undefined : ex.rt.tokens.clientIdOf(match[1]);
  return clientId === undefined ? undefined : accountByClientId(ex.rt, clientId);
}

/**
 * Whose rate limit a request counts against: the token's account; for the token endpoint, the
 * account its `client_id` names; anything else (no or a bad token, an unknown client id) account 1.
 */
function limitedAccount(ex: Exchange): SandboxAccount {
  if (ex.path !== '/token') return ex.account ?? ex.rt.accounts[0];
  const clientId = tokenRequestClientId(ex.text, ex.req.headers['content-type'] ?? '');
  return (clientId === undefined ? undefined : accountByClientId(ex.rt, clientId)) ?? ex.rt.accounts[0];
}

/** Route matching, faults and the handler, for a `/v1` request authenticated for `account`. */
async function dispatch(ex: Exchange, account: SandboxAccount): Promise<void> {
  const match = ex.rt.router.match(ex.method, ex.path);
  if (match.kind === 'none') return refusal(ex, 404, `No endpoint ${ex.method} ${ex.url.pathname}`);
  if (match.kind === 'method-not-allowed') return refusal(ex, 405, `Request method '${ex.method}' is not supported`, [{ message: `allowed: ${match.allowed.join(', ')}` }]);
  ex.rt.stats.count(`${ex.method} ${match.route.pattern}`);
  const plan = ex.rt.faults.plan(ex.method, match.route.pattern);
  if (plan.latencyMs > 0) await sleep(plan.latencyMs);
  if (plan.hang) return;
  if (plan.status !== undefined) {
    const headers: Record<string, string> = plan.retryAfterSeconds === undefined ? {} : { 'retry-after': String(plan.retryAfterSeconds) };
    return refusal(ex, plan.status, plan.status === 503 ? 'Service Unavailable' : 'Injected fault', [], headers);
  }
  const result = resultOf(ex, () => {
    const body = parseJson(ex.text);
    // Again, not only in handle(): an injected latency lets sandbox time move on.
    const now = ex.rt.clock.nowMs();
    runLifecycle(account.data, now);
    return match.route.handler({ params: match.params, query: ex.url.searchParams, body, data: account.data, now });
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
  ex.text = await readBody(ex.req);
  // The admin API is not Pax8: tests and the console poll it (the clock every second), and counting
  // those would make `requests` climb while nothing talks to the partner API.
  if (ex.url.pathname === '/__sandbox' || ex.url.pathname.startsWith('/__sandbox/')) {
    const result = (await handleWebhooksAdmin(rt, ex.method, ex.url, ex.text)) ?? handleAdmin(rt, ex.method, ex.url, ex.text);
    return sendJson(ex.res, result.status, result.body);
  }
  if (isMicrosoftPath(ex.url.pathname)) return handleMicrosoft(rt, ex.req, ex.res, ex.url, ex.text);
  rt.stats.stats.requests++;
  if (ex.url.pathname !== '/v1' && !ex.url.pathname.startsWith('/v1/')) return refusal(ex, 404, `No endpoint ${ex.method} ${ex.url.pathname}`);
  const account = tokenAccount(ex);
  if (account) {
    ex.account = account;
    runLifecycle(account.data, rt.clock.nowMs());
  }
  recordWrite(ex);
  const limit = limitedAccount(ex).limiter.check();
  if (!limit.ok) {
    rt.stats.stats.http429++;
    return reply(ex, 429, errorBody(429, 'Too Many Requests: rate limit of the partner exceeded', instanceOf(ex.url.pathname)), { 'retry-after': String(limit.retryAfterSeconds) });
  }
  if (ex.path === '/token') {
    if (ex.method !== 'POST') return refusal(ex, 405, `Request method '${ex.method}' is not supported`);
    const result = handleToken(rt, ex.text, ex.req.headers['content-type'] ?? '');
    return sendJson(ex.res, result.status, result.body);
  }
  if (!ex.account) return refusal(ex, 401, 'Full authentication is required to access this resource: missing, invalid or expired Bearer token');
  return dispatch(ex, ex.account);
}

/**
 * The request pipeline: admin, Microsoft (`/login`, `/graph/v1.0`), then for Pax8 the account of the
 * Bearer token, the account's rate limit, token, Bearer check, faults, and the route on the
 * account's data. Never throws.
 */
export async function handleRequest(rt: SandboxRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  const ex: Exchange = { rt, req, res, method: (req.method ?? 'GET').toUpperCase(), url, path: url.pathname.replace(/^\/v1/, '').replace(/\/+$/, '') || '/', text: '' };
  try {
    await handle(ex);
  } catch (error) {
    const status = error instanceof ApiError ? error.status : 500;
    const message = error instanceof ApiError ? error.message : 'Internal Server Error';
    if (isMicrosoftPath(url.pathname)) return failMicrosoft(res, status, message, rt.clock.nowMs());
    if (error instanceof ApiError) return refusal(ex, error.status, error.message, error.details);
    refusal(ex, 500, 'Internal Server Error');
  }
}
