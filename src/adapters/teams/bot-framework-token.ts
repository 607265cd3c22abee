import { request } from 'undici';
import { z } from 'zod';
import type { AppConfig } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { parseResponse } from '../../http/parse-response.ts';
import { parseRetryAfter, resolveRetryPolicy } from '../../http/retry-policy.ts';
import { runAttempts } from '../../http/run-attempts.ts';
import { createTokenCache, type IssuedToken } from '../../http/token-cache.ts';
import { describeTransportFailure } from '../../http/transport-failure.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import type { Secret } from '../../util/secret.ts';

/**
 * botbuilder's public-cloud settings (its `AuthenticationConstants.ToChannelFromBotLoginUrl` and
 * `ToChannelFromBotOAuthScope`), which it uses when no endpoint settings are given.
 */
export const publicCloudLogin = { loginUrl: 'https://login.microsoftonline.com/botframework.com', oauthScope: 'https://api.botframework.com' } as const;

/** The login URL and scope of the bot's own tokens: the endpoint settings, or the public cloud's. */
export function loginFor(teams: Pick<AppConfig['teams'], 'endpoints'>): { readonly loginUrl: string; readonly oauthScope: string } {
  return teams.endpoints ?? publicCloudLogin;
}

/** Login hosts after which botbuilder puts the app's tenant (public and US Government clouds), and the tenant it uses otherwise. */
const tenantedLogins = [
  { prefix: 'https://login.microsoftonline.com/', defaultTenant: 'botframework.com' },
  { prefix: 'https://login.microsoftonline.us/', defaultTenant: 'MicrosoftServices.onmicrosoft.us' },
] as const;

/**
 * The token endpoint of a login URL, chosen as botbuilder's `PasswordServiceClientCredentialFactory`
 * chooses the authority: on the public and US Government login hosts the app's own tenant (`tenantId`,
 * for single-tenant registrations) or the cloud's Bot Framework tenant; anywhere else the URL as given
 * (lower-cased, as botbuilder does), which must then name the tenant itself.
 */
export function botTokenUrl(loginUrl: string, tenantId: string | undefined): string {
  const lower = loginUrl.toLowerCase();
  const known = tenantedLogins.find((login) => lower.startsWith(login.prefix));
  const authority = known ? `${known.prefix}${tenantId || known.defaultTenant}` : lower.replace(/\/+$/, '');
  return `${authority}/oauth2/v2.0/token`;
}

/** The bot's own Bot Framework token could not be had; `refused` when the login said no (a wrong id, secret or tenant). */
export class BotFrameworkTokenError extends AppError {
  readonly code = 'teams_auth';

  constructor(
    message: string,
    readonly refused: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface BotTokenSourceOptions {
  readonly appId: string;
  readonly password: Secret;
  readonly tokenUrl: string;
  /** The resource the token is for (`ToChannelFromBotOAuthScope`); `/.default` is added. */
  readonly scope: string;
  /** Real time: token lifetimes and the pause after a refusal are not the sandbox's business. */
  readonly clock: Clock;
  /** How long a refusal is remembered before the login is asked again; a minute unless told. */
  readonly refusalPauseMs?: number;
  readonly timeoutMs?: number;
}

/** Hands out the bot's bearer token for outgoing Bot Connector calls; see {@link createBotTokenSource}. */
export interface BotTokenSource {
  readonly tokenUrl: string;
  /** A valid token: the cached one, or a fresh one (one request shared by concurrent callers). */
  get(): Promise<string>;
}

const tokenResponseSchema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });
const errorResponseSchema = z.object({ error: z.string().min(1), error_description: z.string().optional() });
/** Asking for a token changes nothing: a lost connection, a 429 or a 5xx is tried twice more, quickly (an answer is waiting). */
const loginRetryPolicy = resolveRetryPolicy({ maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 });

/**
 * Client-credentials tokens for the bot's app registration (`POST {authority}/oauth2/v2.0/token`,
 * form-encoded, scope `{ToChannelFromBotOAuthScope}/.default`), what botbuilder gets through MSAL.
 * Written here because MSAL refuses any authority that is not https and looks every unknown login
 * host up at login.microsoftonline.com, so neither a sovereign cloud's stand-in nor a test could
 * point the bot elsewhere.
 *
 * Tokens are kept and renewed as every client's are (`createTokenCache`). A refusal (the login
 * answered 400, 401 or 403: wrong id, secret or tenant) is remembered for `refusalPauseMs`: until
 * then every call fails at once with the same error, so a stream of activities cannot turn into a
 * stream of failed logins. Any other failure is not kept.
 */
export function createBotTokenSource(options: BotTokenSourceOptions): BotTokenSource {
  const pauseMs = options.refusalPauseMs ?? 60_000;
  const now = () => options.clock.now().getTime();
  let refusal: { error: BotFrameworkTokenError; untilMs: number } | undefined;
  const failed = (what: string, cause?: unknown) => new BotFrameworkTokenError(`the Bot Framework login (${options.tokenUrl}) ${what}`, false, cause === undefined ? undefined : { cause });

  async function fetchToken(): Promise<IssuedToken> {
    const secret = options.password.reveal();
    const scope = options.scope.endsWith('/.default') ? options.scope : `${options.scope.replace(/\/+$/, '')}/.default`;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: options.appId, client_secret: secret, scope });
    const { status, text } = await send(form.toString());
    if (status >= 200 && status < 300) {
      const token = parseResponse(tokenResponseSchema, text, (problem) => failed(`answered without a token: ${problem.path || 'body'}: ${problem.issue}`));
      refusal = undefined;
      return { token: token.access_token, expiresInSeconds: token.expires_in };
    }
    const said = errorResponseSchema.safeParse(parseJson(text));
    const reason = said.success ? [said.data.error, said.data.error_description?.split(/\r?\n/)[0]].filter(Boolean).join(': ') : `HTTP ${status}`;
    const scrubbed = secret ? reason.split(secret).join('[redacted]') : reason;
    if (status !== 400 && status !== 401 && status !== 403) throw failed(`failed: ${scrubbed}`);
    const error = new BotFrameworkTokenError(
      `the Bot Framework login (${options.tokenUrl}) refused the bot's credentials: ${scrubbed}. Check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId (and ToChannelFromBotLoginUrl, ToChannelFromBotOAuthScope in another cloud)`,
      true,
    );
    refusal = { error, untilMs: now() + pauseMs };
    throw error;
  }

  function send(body: string): Promise<{ status: number; text: string }> {
    return runAttempts({ kind: 'read', policy: loginRetryPolicy, stillUnauthorized: () => failed('refused the request') }, async () => {
      let status: number | undefined;
      try {
        const response = await request(options.tokenUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
        status = response.statusCode;
        const text = await response.body.text();
        if (status === 429 || status >= 500) return { done: false, error: failed(`failed: HTTP ${status}`), retryable: true, retryAfterMs: parseRetryAfter(response.headers['retry-after'], now()) };
        return { done: true, value: { status, text } };
      } catch (error) {
        // The code says more to an operator (ENOTFOUND, ECONNREFUSED) than the error's name; neither holds a secret.
        const code = (error as { code?: unknown } | null)?.code;
        return { done: false, error: failed(`could not be reached: ${typeof code === 'string' ? code : describeTransportFailure(error, status).reason}`, error), retryable: true };
      }
    });
  }

  const cache = createTokenCache(options.clock, fetchToken);
  return {
    tokenUrl: options.tokenUrl,
    get() {
      if (refusal && now() < refusal.untilMs) {
        const until = new Date(refusal.untilMs).toISOString();
        return Promise.reject(new BotFrameworkTokenError(`${refusal.error.message} (not asked again before ${until})`, true, { cause: refusal.error }));
      }
      return cache.get();
    },
  };
}

/** The bot's token sources, one per token URL and scope (in practice one), sharing nothing but the app's credentials. */
export interface BotTokenSources {
  /** The source for a login URL and scope as botbuilder names them (`ToChannelFromBotLoginUrl`, `ToChannelFromBotOAuthScope`). */
  sourceFor(loginUrl: string, scope: string): BotTokenSource;
  /** The source for the configured cloud: the endpoint settings, or the public cloud's. */
  configured(): BotTokenSource;
}

/**
 * Token sources for an app registration with a password, on real time. The tenant goes into the
 * token URL only for a single-tenant app, as in botbuilder (a multi-tenant app asks the Bot
 * Framework's own tenant).
 */
export function createBotTokenSources(teams: Pick<AppConfig['teams'], 'appType' | 'tenantId' | 'endpoints'>, appId: string, password: Secret): BotTokenSources {
  const sources = new Map<string, BotTokenSource>();
  const tenantId = teams.appType === 'SingleTenant' ? teams.tenantId : undefined;
  const sourceFor = (loginUrl: string, scope: string): BotTokenSource => {
    const tokenUrl = botTokenUrl(loginUrl, tenantId);
    const key = `${tokenUrl} ${scope}`;
    let source = sources.get(key);
    if (!source) {
      source = createBotTokenSource({ appId, password, tokenUrl, scope, clock: systemClock });
      sources.set(key, source);
    }
    return source;
  };
  const login = loginFor(teams);
  return { sourceFor, configured: () => sourceFor(login.loginUrl, login.oauthScope) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
