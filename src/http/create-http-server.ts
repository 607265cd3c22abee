import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../log.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** A named check behind `GET /readyz`; it resolves when the dependency answers and throws when not. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

/**
 * A readiness check whose outcome is kept `ttlMs` (concurrent probes share one run) and which fails
 * after `timeoutMs`, so that probes every few seconds neither hammer a token endpoint that refuses
 * nor hang on one that does not answer.
 */
export function cachedReadiness(check: ReadinessCheck, options: { readonly ttlMs: number; readonly timeoutMs: number }): ReadinessCheck {
  let last: { at: number; outcome: Promise<void> } | undefined;
  const run = async (): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    });
    try {
      await Promise.race([check.check(), late]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    name: check.name,
    check() {
      const now = performance.now();
      if (!last || now - last.at >= options.ttlMs) {
        const outcome = run();
        outcome.catch(() => undefined);
        last = { at: now, outcome };
      }
      return last.outcome;
    },
  };
}

/**
 * Which requests the server serves at all. A request the gate does not admit gets 403 with
 * `refusal` before any route (health and metrics included) sees it, and one log line.
 */
export interface RequestGate {
  admits(req: IncomingMessage): boolean;
  /** The short plain-text answer to a refused request. */
  readonly refusal: string;
}

/** One answered request, for `/metrics`: `route` is a fixed path or a mount's prefix (`other` for anything else). */
export interface ObservedRequest {
  readonly route: string;
  readonly method: string;
  readonly status: number;
  readonly seconds: number;
}

export type RequestObserver = (request: ObservedRequest) => void;

export interface HttpServerOptions {
  readonly log: Logger;
  readonly metrics: Registry;
  /** Told about every answered request (once its answer is sent). */
  readonly onRequest?: RequestObserver | undefined;
  readonly readiness: readonly ReadinessCheck[];
  /** Console mode's gate (only this machine); none in production, where the adapters authenticate. */
  readonly gate?: RequestGate | undefined;
}

export interface HttpServer {
  /** Adds a handler for every request whose path is `prefix` or starts with `prefix/`. Adapters mount here. */
  mount(prefix: string, handler: RouteHandler): void;
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  /**
   * Says every route is mounted. Until then a request for a path nothing serves yet gets 503 with
   * `Retry-After` (Slack and Teams send it again, a load balancer keeps waiting), not a 404 that
   * would drop it, and `/readyz` says the bot is still starting.
   */
  started(): void;
  close(): Promise<void>;
  readonly server: Server;
  /** The gate every request passes first, if any. */
  readonly gate: RequestGate | undefined;
}

/**
 * The bot's one HTTP server (DESIGN.md "HTTP endpoints"): health, readiness and metrics here, and
 * whatever the adapters mount (`/api/messages`, `/slack/events`, `/console`). Plain `node:http`, so
 * that each adapter gets the raw request it needs (Slack verifies the signature over the raw body).
 */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const mounts: { prefix: string; handler: RouteHandler }[] = [];
  let starting = true;
  const server = createServer((req, res) => {
    if (options.onRequest) observe(req, res, options.onRequest);
    handle(req, res).catch((error: unknown) => {
      options.log.error({ err: error, method: req.method, url: req.url }, 'request failed');
      if (!res.headersSent) sendText(res, 500, 'internal error\n');
      else res.end();
    });
  });

  const fixedRoutes = new Set(['/healthz', '/readyz', '/metrics']);
  /** The route label of a path: bounded, so a scan of random URLs cannot grow the metrics. */
  function routeOf(path: string): string {
    if (fixedRoutes.has(path)) return path;
    return mounts.find((m) => path === m.prefix || path.startsWith(`${m.prefix}/`))?.prefix ?? 'other';
  }

  function observe(req: IncomingMessage, res: ServerResponse, onRequest: RequestObserver): void {
    const started = performance.now();
    const route = routeOf(new URL(req.url ?? '/', 'http://localhost').pathname);
    res.once('close', () => onRequest({ route, method: req.method ?? 'GET', status: res.statusCode, seconds: (performance.now() - started) / 1000 }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (options.gate && !options.gate.admits(req)) {
      const { host, origin } = req.headers;
      options.log.warn({ method: req.method, path, host, origin, remoteAddress: req.socket.remoteAddress }, 'request refused: not from this machine');
      return sendText(res, 403, options.gate.refusal);
    }
    if (req.method === 'GET' && path === '/healthz') return sendText(res, 200, 'ok\n');
    if (req.method === 'GET' && path === '/readyz') return readyz(res);
    if (req.method === 'GET' && path === '/metrics') {
      return sendText(res, 200, await options.metrics.metrics(), options.metrics.contentType);
    }
    const mount = mounts.find((m) => path === m.prefix || path.startsWith(`${m.prefix}/`));
    if (mount) return mount.handler(req, res);
    if (starting) {
      res.setHeader('retry-after', '1');
      return sendText(res, 503, 'starting: try again in a moment\n');
    }
    return sendText(res, 404, 'not found\n');
  }

  async function readyz(res: ServerResponse): Promise<void> {
    const still = starting ? [{ name: 'start', ok: false, error: 'still starting: the chat platforms are not mounted yet' }] : [];
    const results = await Promise.all(
      options.readiness.map(async (r) => {
        try {
          await r.check();
          return { name: r.name, ok: true };
        } catch (error) {
          return { name: r.name, ok: false, error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const checks = [...still, ...results];
    const ready = checks.every((r) => r.ok);
    res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ready, checks }));
  }

  return {
    server,
    gate: options.gate,
    mount(prefix, handler) {
      mounts.push({ prefix: prefix.replace(/\/$/, ''), handler });
      mounts.sort((a, b) => b.prefix.length - a.prefix.length);
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shown = host === undefined || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve({ url: `http://${shown}:${address.port}`, port: address.port });
        });
      });
    },
    started() {
      starting = false;
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function sendText(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}
