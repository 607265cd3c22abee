import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Clock } from '../util/clock.ts';
import {
  Pax8AuthError,
  Pax8HttpError,
  Pax8NetworkError,
  Pax8OutcomeUnknownError,
  Pax8RateLimitedError,
  scrubErrorBody,
  type Pax8CallInfo,
} from './errors.ts';
import type { ConcurrencyLimit } from './concurrency-limit.ts';
import type { RateBudget } from './rate-limiter.ts';
import { parseRetryAfter, retryDelayMs, type RetryPolicy } from './retry-policy.ts';
import { parseResponse } from './parse-response.ts';
import { parsePax8ErrorBody } from './schemas/error.ts';
import type { TokenManager } from './token-manager.ts';

export type QueryValue = string | number | boolean | undefined;

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
}

export type Requester = <S extends z.ZodType>(req: Pax8Request<S>) => Promise<z.output<S>>;

/** A failed attempt: either final (`error`) or worth another try after `retryAfterMs`. */
type Attempt = { done: true; value: unknown } | { done: false; error: Error; retryable: boolean; retryAfterMs?: number | undefined };

/** Errors where the connection was never made: nothing reached Pax8, even for a write. */
const neverSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * The one function every Pax8 call goes through (model: octokit request.js): rate budget, bearer
 * token, timeout, status handling, zod validation, logging. Reads retry on 429/5xx/network per the
 * policy; writes are sent exactly once (WIRE-NOTES rule 1): a timeout, broken connection or 5xx on a
 * write is {@link Pax8OutcomeUnknownError}, a 4xx is {@link Pax8HttpError}, a 429 is
 * {@link Pax8RateLimitedError}. A 401 gets one new token and one retry, writes included: a 401
 * means the request was not processed.
 */
export function createRequester(options: RequesterOptions): Requester {
  const random = options.random ?? Math.random;
  return async function pax8Request<S extends z.ZodType>(req: Pax8Request<S>): Promise<z.output<S>> {
    const call: Pax8CallInfo = { method: req.method, route: req.route };
    const url = buildUrl(options.baseUrl, req);
    let authRetried = false;
    for (let attempt = 1; ; attempt += 1) {
      const result = await options.inFlight.run(() => attemptOnce(options, req, call, url, attempt));
      if (result === 'unauthorized') {
        if (authRetried) throw new Pax8AuthError(call, 401, undefined);
        authRetried = true;
        attempt -= 1;
        continue;
      }
      if (result.done) return result.value as z.output<S>;
      if (!result.retryable || req.kind === 'write' || attempt >= options.policy.maxAttempts) throw result.error;
      if (result.retryAfterMs !== undefined && result.retryAfterMs > options.policy.maxRetryAfterMs) throw result.error;
      const delay = retryDelayMs(options.policy, attempt, result.retryAfterMs, random);
      options.log.debug({ method: req.method, route: req.route, attempt, delayMs: delay }, 'pax8 retry');
      await sleep(delay);
    }
  };
}

async function attemptOnce<S extends z.ZodType>(
  options: RequesterOptions,
  req: Pax8Request<S>,
  call: Pax8CallInfo,
  url: string,
  attempt: number,
): Promise<Attempt | 'unauthorized'> {
  await options.budget.acquire();
  const token = await options.tokens.get();
  const started = options.clock.now().getTime();
  let status: number | undefined;
  let headers: Dispatcher.ResponseData['headers'] = {};
  let text: string;
  try {
    const response = await request(url, {
      method: req.method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      signal: AbortSignal.timeout(options.timeoutMs),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    status = response.statusCode;
    headers = response.headers;
    text = await response.body.text();
  } catch (error) {
    options.log.debug({ method: req.method, route: req.route, status, attempt, ms: options.clock.now().getTime() - started, error: errorName(error) }, 'pax8 request failed');
    return { done: false, error: transportError(req, call, status, error), retryable: true };
  }
  options.log.debug({ method: req.method, route: req.route, status, attempt, ms: options.clock.now().getTime() - started }, 'pax8 request');
  if (status === 401) {
    options.tokens.invalidate(token);
    return 'unauthorized';
  }
  if (status >= 200 && status < 300) return { done: true, value: parseBody(req, call, text) };
  return statusError(options, req, call, status, headers, text, token);
}

function statusError<S extends z.ZodType>(
  options: RequesterOptions,
  req: Pax8Request<S>,
  call: Pax8CallInfo,
  status: number,
  headers: Dispatcher.ResponseData['headers'],
  text: string,
  token: string,
): Attempt {
  const retryAfterMs = parseRetryAfter(headers['retry-after'], options.clock.now().getTime());
  if (status === 429) return { done: false, error: new Pax8RateLimitedError(call, retryAfterMs), retryable: true, retryAfterMs };
  const body = scrubErrorBody(parsePax8ErrorBody(text), [token]);
  if (status >= 500 && req.kind === 'write') {
    return { done: false, error: new Pax8OutcomeUnknownError(call, status, `answered ${status}${body?.message ? `: ${body.message}` : ''}`), retryable: false };
  }
  const error = status === 403 && body?.type === 'access_denied' ? new Pax8AuthError(call, status, body) : new Pax8HttpError(call, status, body);
  return { done: false, error, retryable: options.policy.retryStatuses.includes(status), retryAfterMs };
}

function transportError<S extends z.ZodType>(req: Pax8Request<S>, call: Pax8CallInfo, status: number | undefined, error: unknown): Error {
  const name = errorName(error);
  const neverSent = status === undefined && neverSentCodes.has(errorCode(error));
  if (req.kind === 'write' && !neverSent) {
    return new Pax8OutcomeUnknownError(call, status, name === 'TimeoutError' ? 'timed out' : `connection failed (${name})`, { cause: error });
  }
  return new Pax8NetworkError(call, name === 'TimeoutError' ? 'timed out' : name, { cause: error });
}

function parseBody<S extends z.ZodType>(req: Pax8Request<S>, call: Pax8CallInfo, text: string): unknown {
  return req.schema === null ? undefined : parseResponse(call, req.schema, text, req.kind === 'write');
}

function buildUrl<S extends z.ZodType>(baseUrl: string, req: Pax8Request<S>): string {
  const path = req.route.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = req.params?.[name];
    if (value === undefined || value === '') throw new RangeError(`missing path parameter ${name} for ${req.route}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined) query.set(key, String(value));
  const search = query.toString();
  return `${baseUrl.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' ? code : '';
}
