import { setTimeout as sleep } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import type { Logger } from 'pino';
import type { Clock } from '../util/clock.ts';
import type { Secret } from '../util/secret.ts';
import { parseResponse } from '../http/parse-response.ts';
import { createTokenCache, type IssuedToken, type TokenSource } from '../http/token-cache.ts';
import { secondsSince, type CallObserver } from '../http/call-observer.ts';
import type { RateBudget } from './rate-limiter.ts';
import { Pax8AuthError, Pax8HttpError, Pax8NetworkError, Pax8SchemaError, scrubErrorBody, type Pax8CallInfo } from './errors.ts';
import { parsePax8ErrorBody } from './schemas/error.ts';
import { tokenRequestSchema, tokenResponseSchema } from './schemas/token.ts';

export interface TokenManagerOptions {
  readonly tokenUrl: string;
  readonly audience: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly clock: Clock;
  readonly log: Logger;
  readonly timeoutMs: number;
  readonly dispatcher?: Dispatcher | undefined;
  /** The token call is counted against the account's budget like any other call. */
  readonly budget?: RateBudget | undefined;
  /** Told about every token request (route `/token`), for `/metrics`. */
  readonly onCall?: CallObserver | undefined;
}

/** Hands out bearer tokens for the account; see {@link createTokenManager}. */
export type TokenManager = TokenSource;

const call: Pax8CallInfo = { method: 'POST', route: '/token' };
const tokenAttempts = 3;

/**
 * Client-credentials tokens for one Pax8 account (WIRE-NOTES "Authentication"). Tokens live 24 h;
 * {@link createTokenCache} replaces one an hour before it expires (23 h of 24), so a request never
 * leaves with a token about to die. The secret is revealed only into the request body and never logged.
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  async function fetchToken(): Promise<IssuedToken> {
    const started = options.clock.now().getTime();
    const body = tokenRequestSchema.parse({
      client_id: options.clientId,
      client_secret: options.clientSecret.reveal(),
      audience: options.audience,
      grant_type: 'client_credentials',
    });
    const { response, text } = await send(JSON.stringify(body));
    options.log.debug({ method: 'POST', route: '/token', status: response.statusCode, ms: options.clock.now().getTime() - started }, 'pax8 token');
    const failure = response.statusCode >= 300 ? scrubErrorBody(parsePax8ErrorBody(text), [body.client_secret]) : undefined;
    if (response.statusCode === 401 || response.statusCode === 403 || response.statusCode === 400) throw new Pax8AuthError(call, response.statusCode, failure);
    if (response.statusCode >= 300) throw new Pax8HttpError(call, response.statusCode, failure);
    const token = parseResponse(tokenResponseSchema, text, (problem) => new Pax8SchemaError(call, problem.path, problem.issue, false, { cause: problem.cause }));
    return { token: token.access_token, expiresInSeconds: token.expires_in };
  }

  /**
   * Asking for a token changes nothing at Pax8, so a network failure (typically a keep-alive socket
   * the server closed while idle: ECONNRESET) is tried again, twice, before it is reported.
   */
  async function send(json: string): Promise<{ response: Dispatcher.ResponseData; text: string }> {
    for (let attempt = 1; ; attempt++) {
      const slot = await options.budget?.acquire();
      const startedMs = performance.now();
      try {
        const response = await request(options.tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: json,
          signal: AbortSignal.timeout(options.timeoutMs),
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        });
        const text = await response.body.text();
        options.onCall?.({ service: 'pax8', method: 'POST', route: '/token', status: response.statusCode, seconds: secondsSince(startedMs) });
        return { response, text };
      } catch (error) {
        options.onCall?.({ service: 'pax8', method: 'POST', route: '/token', status: 'error', seconds: secondsSince(startedMs) });
        if (attempt >= tokenAttempts) throw new Pax8NetworkError(call, error instanceof Error ? error.name : 'request failed', { cause: error });
        options.log.debug({ route: '/token', attempt, err: error instanceof Error ? error.name : 'error' }, 'pax8 token request failed; trying again');
        await sleep(100 * attempt);
      } finally {
        // Bookkeeping only (never rejects), as for every Pax8 call: the token does not wait for it.
        void slot?.done();
      }
    }
  }

  return createTokenCache(options.clock, fetchToken);
}
