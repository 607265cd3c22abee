import type { Dispatcher } from 'undici';
import { exchangeJson } from '../http/exchange-json.ts';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Clock } from '../util/clock.ts';
import { buildUrl, type QueryValue } from '../http/build-url.ts';
import type { ConcurrencyLimit } from '../http/concurrency-limit.ts';
import { parseResponse } from '../http/parse-response.ts';
import { parseRetryAfter, type RetryPolicy } from '../http/retry-policy.ts';
import { runAttempts, type AttemptOutcome } from '../http/run-attempts.ts';
import { isOutcomeUnknown } from '../http/transport-failure.ts';
import { secondsSince, type CallObserver } from '../http/call-observer.ts';
import {
  Pax8AuthError,
  Pax8HttpError,
  Pax8NetworkError,
  Pax8OutcomeUnknownError,
  Pax8RateLimitedError,
  Pax8SchemaError,
  scrubErrorBody,
  type Pax8CallInfo,
} from './errors.ts';
import type { RateBudget } from './rate-limiter.ts';
import { parsePax8ErrorBody } from './schemas/error.ts';
import type { TokenManager } from './token-manager.ts';

export type { QueryValue };

/** One call: a route template with its parameters, so logs and errors never hold ids or queries. */
export interface Pax8Request<S extends z.ZodType> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly route: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  /** `null` for answers without a body (204). */
  readonly schema: S | null;
  /** Writes are sent once, whatever happens; reads may be retried. */
  readonly kind: 'read' | 'write';
}

export interface RequesterOptions {
  readonly baseUrl: string;
  readonly tokens: TokenManager;
  readonly budget: RateBudget;
  readonly inFlight: ConcurrencyLimit;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly log: Logger;
  readonly dispatcher?: Dispatcher | undefined;
  readonly random?: () => number;
  /** Told about every attempt (route template and status), for `/metrics`. */
  readonly onCall?: CallObserver | undefined;
}

export type Requester = <S extends z.ZodType>(req: Pax8Request<S>) => Promise<z.output<S>>;

/**
 * The one function every Pax8 call goes through (model: octokit request.js): rate budget, bearer
 * token, timeout, status handling, zod validation, logging. Reads retry on 429/5xx/network per the
 * policy; writes are sent exactly once (WIRE-NOTES rule 1): a timeout, broken connection or 5xx on a
 * write is {@link Pax8OutcomeUnknownError}, a 4xx is {@link Pax8HttpError}, a 429 is
 * {@link Pax8RateLimitedError}. A 401 gets one new token and one retry, writes included: a 401
 * means the request was not processed.
 */
export function createRequester(options: RequesterOptions): Requester {
  return async function pax8Request<S extends z.ZodType>(req: Pax8Request<S>): Promise<z.output<S>> {
    const call: Pax8CallInfo = { method: req.method, route: req.route };
    const url = buildUrl(options.baseUrl, req.route, req.params, req.query);
    const value = await runAttempts(
      {
        kind: req.kind,
        policy: options.policy,
        random: options.random,
        stillUnauthorized: () => new Pax8AuthError(call, 401, undefined),
        onRetry: (attempt, delayMs) => options.log.debug({ method: req.method, route: req.route, attempt, delayMs }, 'pax8 retry'),
      },
      (attempt) => options.inFlight.run(() => attemptOnce(options, req, call, url, attempt)),
    );
    return value as z.output<S>;
  };
}

async function attemptOnce<S extends z.ZodType>(
  options: RequesterOptions,
  req: Pax8Request<S>,
  call: Pax8CallInfo,
  url: string,
  attempt: number,
): Promise<AttemptOutcome<unknown>> {
  const { token, exchange, started, startedMs } = await countedExchange(options, req, url);
  options.onCall?.({ service: 'pax8', method: req.method, route: req.route, status: exchange.ok ? exchange.status : 'error', seconds: secondsSince(startedMs) });
  if (!exchange.ok) {
    const { failure, status, error } = exchange;
    options.log.debug({ method: req.method, route: req.route, status, attempt, ms: options.clock.now().getTime() - started, error: failure.reason }, 'pax8 request failed');
    const outcomeUnknown = isOutcomeUnknown(req.kind, { transport: failure });
    const reason = failure.timedOut || !outcomeUnknown ? failure.reason : `connection failed (${failure.reason})`;
    const final = outcomeUnknown ? new Pax8OutcomeUnknownError(call, status, reason, { cause: error }) : new Pax8NetworkError(call, reason, { cause: error });
    return { done: false, error: final, retryable: true };
  }
  const { status, headers, text } = exchange;
  options.log.debug({ method: req.method, route: req.route, status, attempt, ms: options.clock.now().getTime() - started }, 'pax8 request');
  if (status === 401) {
    options.tokens.invalidate(token);
    return 'unauthorized';
  }
  if (status >= 200 && status < 300) return { done: true, value: parseBody(req, call, text) };
  return statusError(options, req, call, status, headers, text, token);
}

/** Sends the call under the rate budget; its slot is marked done when the answer (or failure) is in. */
async function countedExchange<S extends z.ZodType>(options: RequesterOptions, req: Pax8Request<S>, url: string) {
  const slot = await options.budget.acquire();
  try {
    const token = await options.tokens.get();
    const started = options.clock.now().getTime();
    const startedMs = performance.now();
    const exchange = await exchangeJson(url, { method: req.method, token, body: req.body, timeoutMs: options.timeoutMs, dispatcher: options.dispatcher });
    return { token, exchange, started, startedMs };
  } finally {
    // Bookkeeping only (never rejects): the answer does not wait for it (a database write on PostgreSQL).
    void slot.done();
  }
}

function statusError<S extends z.ZodType>(
  options: RequesterOptions,
  req: Pax8Request<S>,
  call: Pax8CallInfo,
  status: number,
  headers: Dispatcher.ResponseData['headers'],
  text: string,
  token: string,
): AttemptOutcome<unknown> {
  const retryAfterMs = parseRetryAfter(headers['retry-after'], options.clock.now().getTime());
  if (status === 429) return { done: false, error: new Pax8RateLimitedError(call, retryAfterMs), retryable: true, retryAfterMs };
  const body = scrubErrorBody(parsePax8ErrorBody(text), [token]);
  if (isOutcomeUnknown(req.kind, { status })) {
    return { done: false, error: new Pax8OutcomeUnknownError(call, status, `answered ${status}${body?.message ? `: ${body.message}` : ''}`), retryable: false };
  }
  const error = status === 403 && body?.type === 'access_denied' ? new Pax8AuthError(call, status, body) : new Pax8HttpError(call, status, body);
  return { done: false, error, retryable: options.policy.retryStatuses.includes(status), retryAfterMs };
}

function parseBody<S extends z.ZodType>(req: Pax8Request<S>, call: Pax8CallInfo, text: string): unknown {
  if (req.schema === null) return undefined;
  return parseResponse(req.schema, text, (problem) => new Pax8SchemaError(call, problem.path, problem.issue, req.kind === 'write', { cause: problem.cause }));
}
