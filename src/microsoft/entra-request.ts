import { request, type Dispatcher } from 'undici';
import type { Logger } from '../log.ts';
import type { Clock } from '../util/clock.ts';
import { parseRetryAfter, type RetryPolicy } from '../http/retry-policy.ts';
import { runAttempts } from '../http/run-attempts.ts';
import { describeTransportFailure } from '../http/transport-failure.ts';
import { secondsSince, type CallObserver } from '../http/call-observer.ts';
import { GraphHttpError, GraphNetworkError, GraphRateLimitedError, type MicrosoftCallInfo } from './errors.ts';

export interface EntraRequestOptions {
  /** `MICROSOFT_LOGIN_URL`: `https://login.microsoftonline.com`, or the sandbox's `/login`. */
  readonly loginUrl: string;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly log: Logger;
  readonly dispatcher?: Dispatcher | undefined;
  readonly random?: (() => number) | undefined;
  /** Told about every attempt (route template and status, no tenant), for `/metrics`. */
  readonly onCall?: CallObserver | undefined;
}

/** An answer from Entra ID for the caller to read: a 2xx, or a refusal (4xx other than 429). */
export interface EntraAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * Sends a request to Entra ID (the token endpoint, a tenant's OpenID configuration). Neither changes
 * anything, so a network failure, a 429 or a 5xx is tried again per the read policy, `Retry-After`
 * honoured, before it is reported; any other answer is returned. Nothing of the request is logged
 * but its route and the tenant.
 */
export async function callEntra(
  options: EntraRequestOptions,
  call: MicrosoftCallInfo,
  send: { readonly url: string; readonly form?: URLSearchParams },
): Promise<EntraAnswer> {
  return runAttempts(
    {
      kind: 'read',
      policy: options.policy,
      random: options.random,
      stillUnauthorized: () => new GraphHttpError(call, 401, undefined),
      onRetry: (attempt, delayMs) => options.log.debug({ service: 'entra', tenant: call.tenant, route: call.route, attempt, delayMs }, 'entra retry'),
    },
    async (attempt) => {
      const started = options.clock.now().getTime();
      const logged = { service: 'entra', tenant: call.tenant, method: call.method, route: call.route, attempt };
      let status: number | undefined;
      const startedMs = performance.now();
      const observe = (answered: number | 'error') => options.onCall?.({ service: 'entra', method: call.method, route: call.route, status: answered, seconds: secondsSince(startedMs) });
      try {
        const response = await request(send.url, {
          method: call.method,
          headers: { accept: 'application/json', ...(send.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
          ...(send.form ? { body: send.form.toString() } : {}),
          signal: AbortSignal.timeout(options.timeoutMs),
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        });
        status = response.statusCode;
        const text = await response.body.text();
        observe(status);
        options.log.debug({ ...logged, status, ms: options.clock.now().getTime() - started }, 'entra request');
        const retryAfterMs = parseRetryAfter(response.headers['retry-after'], options.clock.now().getTime());
        if (status === 429) return { done: false, error: new GraphRateLimitedError(call, retryAfterMs), retryable: true, retryAfterMs };
        if (status >= 500) return { done: false, error: new GraphHttpError(call, status, undefined), retryable: true, retryAfterMs };
        return { done: true, value: { status, text } };
      } catch (error) {
        observe('error');
        const failure = describeTransportFailure(error, status);
        options.log.debug({ ...logged, status, ms: options.clock.now().getTime() - started, error: failure.reason }, 'entra request failed');
        return { done: false, error: new GraphNetworkError(call, failure.reason, { cause: error }), retryable: true };
      }
    },
  );
}
