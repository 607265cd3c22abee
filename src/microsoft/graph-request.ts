import type { Dispatcher } from 'undici';
import { exchangeJson } from '../http/exchange-json.ts';
import type { z } from 'zod';
import type { Logger } from '../log.ts';
import type { Clock } from '../util/clock.ts';
import { scrubSecrets } from '../util/secret.ts';
import { buildUrl, type QueryValue } from '../http/build-url.ts';
import type { ConcurrencyLimit } from '../http/concurrency-limit.ts';
import { parseResponse } from '../http/parse-response.ts';
import { parseRetryAfter, type RetryPolicy } from '../http/retry-policy.ts';
import { runAttempts, type AttemptOutcome } from '../http/run-attempts.ts';
import type { TokenSource } from '../http/token-cache.ts';
import { isOutcomeUnknown, type CallKind } from '../http/transport-failure.ts';
import { secondsSince, type CallObserver } from '../http/call-observer.ts';
import { GraphHttpError, GraphNetworkError, GraphOutcomeUnknownError, GraphRateLimitedError, GraphSchemaError, type MicrosoftCallInfo } from './errors.ts';
import { parseGraphErrorBody, type GraphErrorBody } from './schemas/error.ts';

/** One Graph call: a route template with its parameters, so logs and errors never hold ids or queries. */
export interface GraphRequest<S extends z.ZodType> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly route: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** An absolute URL sent instead of route, params and query: a next page, checked to be on Graph's origin. */
  readonly url?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** `null` for answers without a body (204). */
  readonly schema: S | null;
  /** Writes are sent once, whatever happens; reads may be retried. */
  readonly kind: CallKind;
  /** Values in the body that must never appear in an error or a log (a new user's password). */
  readonly secrets?: readonly string[];
}

export type GraphRequester = <S extends z.ZodType>(req: GraphRequest<S>) => Promise<z.output<S>>;

export interface GraphRequesterOptions {
  readonly baseUrl: string;
  readonly tenant: string;
  readonly tokens: TokenSource;
  readonly inFlight: ConcurrencyLimit;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly log: Logger;
  readonly dispatcher?: Dispatcher | undefined;
  readonly random?: (() => number) | undefined;
  /** Told about every attempt (route template and status, no tenant), for `/metrics`. */
  readonly onCall?: CallObserver | undefined;
}

/**
 * The one function every Graph call of one tenant goes through, on the Pax8 client's rules: bearer
 * token, timeout, status handling, zod validation, logging without ids or bodies. Reads retry on
 * 429, 5xx and network errors honouring `Retry-After` (bounded by the policy); writes are sent once:
 * a 429 is {@link GraphRateLimitedError}, a 4xx {@link GraphHttpError}, and a timeout, a connection
 * broken after sending or a 5xx {@link GraphOutcomeUnknownError}. A 401 gets one fresh token and
 * one more try, writes included: a 401 means nothing was processed.
 */
export function createGraphRequester(options: GraphRequesterOptions): GraphRequester {
  return async function graphRequest<S extends z.ZodType>(req: GraphRequest<S>): Promise<z.output<S>> {
    const call: MicrosoftCallInfo = { service: 'Graph', tenant: options.tenant, method: req.method, route: req.route };
    const url = req.url ?? buildUrl(options.baseUrl, req.route, req.params, req.query);
    const value = await runAttempts(
      {
        kind: req.kind,
        policy: options.policy,
        random: options.random,
        stillUnauthorized: () => new GraphHttpError(call, 401, undefined),
        onRetry: (attempt, delayMs) => options.log.debug({ service: 'graph', tenant: options.tenant, method: req.method, route: req.route, attempt, delayMs }, 'graph retry'),
      },
      (attempt) => options.inFlight.run(() => attemptOnce(options, req, call, url, attempt)),
    );
    return value as z.output<S>;
  };
}

async function attemptOnce<S extends z.ZodType>(
  options: GraphRequesterOptions,
  req: GraphRequest<S>,
  call: MicrosoftCallInfo,
  url: string,
  attempt: number,
): Promise<AttemptOutcome<unknown>> {
  const token = await options.tokens.get();
  const started = options.clock.now().getTime();
  const logged = { service: 'graph', tenant: options.tenant, method: req.method, route: req.route, attempt };
  const startedMs = performance.now();
  const exchange = await exchangeJson(url, { method: req.method, token, headers: req.headers ?? {}, body: req.body, timeoutMs: options.timeoutMs, dispatcher: options.dispatcher });
  options.onCall?.({ service: 'graph', method: req.method, route: req.route, status: exchange.ok ? exchange.status : 'error', seconds: secondsSince(startedMs) });
  if (!exchange.ok) {
    const { failure, status, error } = exchange;
    options.log.debug({ ...logged, status, ms: options.clock.now().getTime() - started, error: failure.reason }, 'graph request failed');
    if (isOutcomeUnknown(req.kind, { transport: failure })) {
      return { done: false, error: new GraphOutcomeUnknownError(call, status, failure.timedOut ? 'timed out' : `connection failed (${failure.reason})`, { cause: error }), retryable: false };
    }
    return { done: false, error: new GraphNetworkError(call, failure.reason, { cause: error }), retryable: true };
  }
  const { status, headers, text } = exchange;
  const requestId = headerText(headers['request-id']);
  options.log.debug({ ...logged, status, ms: options.clock.now().getTime() - started, requestId }, 'graph request');
  if (status === 401) {
    options.tokens.invalidate(token);
    return 'unauthorized';
  }
  if (status >= 200 && status < 300) return { done: true, value: parseBody(req, call, text) };
  const retryAfterMs = parseRetryAfter(headers['retry-after'], options.clock.now().getTime());
  if (status === 429) return { done: false, error: new GraphRateLimitedError(call, retryAfterMs), retryable: true, retryAfterMs };
  const body = scrubGraphBody(parseGraphErrorBody(text), [token, ...(req.secrets ?? [])]);
  if (isOutcomeUnknown(req.kind, { status })) {
    return { done: false, error: new GraphOutcomeUnknownError(call, status, `answered ${status}${body ? ` ${body.code}` : ''}`), retryable: false };
  }
  return { done: false, error: new GraphHttpError(call, status, body), retryable: options.policy.retryStatuses.includes(status), retryAfterMs };
}

function parseBody<S extends z.ZodType>(req: GraphRequest<S>, call: MicrosoftCallInfo, text: string): unknown {
  if (req.schema === null) return undefined;
  return parseResponse(req.schema, text, (problem) => new GraphSchemaError(call, problem.path, problem.issue, req.kind === 'write', { cause: problem.cause }));
}

/** Graph's message with every known secret (the token, a password sent in the body) removed. */
function scrubGraphBody(body: GraphErrorBody | undefined, secrets: readonly string[]): GraphErrorBody | undefined {
  return body && { ...body, message: scrubSecrets(body.message, secrets) };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
