import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSilentLogger, type Logger } from '../../src/log.ts';
import { createMicrosoftClient, type MicrosoftClient, type MicrosoftClientConfig } from '../../src/microsoft/index.ts';
import type { Clock } from '../../src/util/clock.ts';
import { Secret } from '../../src/util/secret.ts';

/** The app registration the fake knows. */
export const fakeClientId = '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b';
export const fakeClientSecret = 'Zq8~ms-client-secret-value.very-long';

/** A request the fake received, as it arrived. */
export interface SeenRequest {
  readonly method: string;
  /** The path as sent, percent-encoding kept (`/graph/v1.0/users/adele%40contoso.com`). */
  readonly path: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** For Graph calls: the tenant whose token was presented. */
  readonly tenant: string | undefined;
}

/**
 * An answer; `lose` closes the connection once the request has arrived (the answer is lost);
 * `pass` answers as the fake does unscripted (a token for the fake app, a 404 from Graph).
 */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number } | { lose: true } | { pass: true };
type Answer = Exclude<Reply, { pass: true }>;
export type Script = Reply | ((req: SeenRequest) => Reply);

export interface FakeMicrosoft {
  /** `MICROSOFT_LOGIN_URL` for the client. */
  readonly loginUrl: string;
  /** `GRAPH_BASE_URL` for the client. */
  readonly graphBaseUrl: string;
  readonly origin: string;
  readonly requests: SeenRequest[];
  /**
   * Scripts the answers to `method path` (path as sent, e.g. `/graph/v1.0/users`), used in order;
   * the last one keeps answering. Unscripted token requests get a token; unscripted Graph calls a 404.
   */
  reply(method: string, path: string, ...scripts: Script[]): void;
  /** Token requests received for `tenant` (the path segment), or for all tenants. */
  tokenRequests(tenant?: string): number;
  /** Graph calls received (token requests and tenant lookups left out). */
  graphCalls(): SeenRequest[];
  /** Makes Graph refuse every token issued so far (401), as after a key rollover. */
  revokeTokens(): void;
  close(): Promise<void>;
}

/**
 * A scripted stand-in for Entra ID and Graph over real HTTP (node:http on an ephemeral port):
 * `/login/{tenant}/oauth2/v2.0/token` issues `tok-{tenant}-{n}` for the fake app's id and secret
 * (after `tokenDelayMs`, so concurrent callers overlap; others get Entra's AADSTS700016 or
 * AADSTS7000215 answers), `/graph/v1.0/...` answers what the test scripted and refuses a token it
 * did not issue. Every request is recorded.
 */
export async function startFakeMicrosoft(options: { expiresIn?: number; tokenDelayMs?: number } = {}): Promise<FakeMicrosoft> {
  const requests: SeenRequest[] = [];
  const scripts = new Map<string, Script[]>();
  const issued = new Map<string, string>();
  const perTenant = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();

  function answer(req: SeenRequest): Answer {
    const queue = scripts.get(`${req.method} ${req.path}`);
    const script = queue && (queue.length > 1 ? queue.shift() : queue[0]);
    const scripted = typeof script === 'function' ? script(req) : script;
    if (scripted && !('pass' in scripted)) return scripted;
    const token = /^\/login\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(req.path);
    if (token) return issueToken(decodeURIComponent(token[1] ?? ''), new URLSearchParams(req.body));
    return { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: `nothing scripted for ${req.method} ${req.path}` } } };
  }

  function issueToken(tenant: string, form: URLSearchParams): Answer {
    if (form.get('client_id') !== fakeClientId) return { status: 400, body: entraError('unauthorized_client', 700016, `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory '${tenant}'.`) };
    if (form.get('client_secret') !== fakeClientSecret) return { status: 401, body: entraError('invalid_client', 7000215, 'Invalid client secret provided.') };
    const n = (perTenant.get(tenant) ?? 0) + 1;
    perTenant.set(tenant, n);
    const token = `tok-${tenant}-${n}`;
    issued.set(token, tenant);
    return { status: 200, body: { token_type: 'Bearer', expires_in: options.expiresIn ?? 3599, ext_expires_in: 3599, access_token: token }, ...(options.tokenDelayMs ? { delayMs: options.tokenDelayMs } : {}) };
  }

  const server = createServer((incoming: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = incoming.url ?? '/';
      const path = url.split('?')[0] ?? '/';
      const bearer = /^Bearer (.+)$/.exec(incoming.headers.authorization ?? '')?.[1];
      const req: SeenRequest = { method: incoming.method ?? 'GET', path, url, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8'), tenant: bearer ? issued.get(bearer) : undefined };
      requests.push(req);
      if (path.startsWith('/graph/') && req.tenant === undefined) {
        return send(res, { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } } });
      }
      const reply = answer(req);
      if ('lose' in reply) return incoming.socket.destroy();
      if (!reply.delayMs) return send(res, reply);
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(res, reply);
      }, reply.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    loginUrl: `${origin}/login`,
    graphBaseUrl: `${origin}/graph/v1.0`,
    origin,
    requests,
    reply(method, path, ...added) {
      scripts.set(`${method} ${path}`, [...(scripts.get(`${method} ${path}`) ?? []), ...added]);
    },
    tokenRequests: (tenant) => requests.filter((r) => /\/oauth2\/v2\.0\/token$/.test(r.path) && (tenant === undefined || r.path === `/login/${tenant}/oauth2/v2.0/token`)).length,
    graphCalls: () => requests.filter((r) => r.path.startsWith('/graph/')),
    revokeTokens: () => issued.clear(),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, reply: { status: number; body?: unknown; headers?: Record<string, string> }): void {
  if (res.destroyed) return;
  const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...(text ? { 'content-type': 'application/json' } : {}), ...reply.headers });
  res.end(text);
}

/** An Entra error body as the token endpoint writes it. */
export function entraError(error: string, aadsts: number, text: string): Record<string, unknown> {
  return {
    error,
    error_description: `AADSTS${aadsts}: ${text} Trace ID: 5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d Correlation ID: 7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f Timestamp: 2025-04-02 10:11:12Z`,
    error_codes: [aadsts],
    timestamp: '2025-04-02 10:11:12Z',
    trace_id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
    correlation_id: '7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f',
  };
}

/** A Graph error body: `{"error": {"code", "message", "innerError"}}`. */
export function graphError(code: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { error: { code, message, ...extra, innerError: { date: '2025-05-20T14:41:03', 'request-id': '9a7c2e4b-6d1f-4a3b-8e2c-1f0d9b8a7c6e', 'client-request-id': '9a7c2e4b-6d1f-4a3b-8e2c-1f0d9b8a7c6e' } } };
}

/** A client for the fake: fast backoff so retry tests do not wait, overridable per test. */
export function createTestMicrosoftClient(
  fake: FakeMicrosoft,
  overrides: Partial<MicrosoftClientConfig> & { clock?: Clock; log?: Logger } = {},
): MicrosoftClient {
  const { clock, log, ...config } = overrides;
  return createMicrosoftClient(
    {
      clientId: fakeClientId,
      clientSecret: new Secret(fakeClientSecret),
      loginUrl: fake.loginUrl,
      graphBaseUrl: fake.graphBaseUrl,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      ...config,
    },
    { log: log ?? createSilentLogger(), ...(clock ? { clock } : {}) },
  );
}
