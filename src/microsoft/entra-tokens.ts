import type { Secret } from '../util/secret.ts';
import { scrubSecrets } from '../util/secret.ts';
import { buildUrl } from '../http/build-url.ts';
import { parseResponse } from '../http/parse-response.ts';
import { createTokenCache, type IssuedToken, type TokenSource } from '../http/token-cache.ts';
import { callEntra, type EntraRequestOptions } from './entra-request.ts';
import { EntraTokenError, GraphSchemaError, type MicrosoftCallInfo } from './errors.ts';
import { parseEntraErrorBody } from './schemas/error.ts';
import { tokenRequestSchema, tokenResponseSchema } from './schemas/token.ts';
import { createTtlCache } from '../util/ttl-cache.ts';

/** Customer tenants whose tokens and clients are kept at once: an MSP's customers, with room to spare. */
export const tenantsKept = 5_000;

export interface EntraTokensOptions extends EntraRequestOptions {
  readonly clientId: string;
  readonly clientSecret: Secret;
}

/** App-only Graph tokens, one cache per customer tenant; see {@link createEntraTokens}. */
export interface EntraTokens {
  /** The tokens of `tenant` (an id or a domain, already checked and lower-cased). */
  forTenant(tenant: string): TokenSource;
}

const route = '/{tenant}/oauth2/v2.0/token';

/**
 * Client-credentials tokens for the MSP's multi-tenant app in each customer tenant (GRAPH-NOTES
 * "Reaching a customer's tenant"): `POST {login}/{tenant}/oauth2/v2.0/token`, form-encoded, scope
 * `https://graph.microsoft.com/.default`. Each tenant has its own cache: a token lives about an hour
 * and is replaced six minutes early, one fetch shared by that tenant's concurrent callers.
 *
 * Written here rather than with @azure/msal-node: MSAL refuses an `http://` authority
 * (`authority_uri_insecure`), which rules out the local sandbox, and it would bring a second HTTP
 * stack beside the one whose retry and secret rules the rest of the bot follows.
 *
 * A refusal is {@link EntraTokenError}, decided on the AADSTS code, with the client secret removed
 * from anything Entra said; the secret itself is revealed only into the request body.
 */
export function createEntraTokens(options: EntraTokensOptions): EntraTokens {
  // One token source per customer tenant, the least recently used forgotten past the bound (it fetches a new token when asked again).
  const caches = createTtlCache<string, TokenSource>({ max: tenantsKept, ttlMs: Number.POSITIVE_INFINITY });

  async function fetchToken(tenant: string): Promise<IssuedToken> {
    const call: MicrosoftCallInfo = { service: 'Entra ID', tenant, method: 'POST', route };
    const secret = options.clientSecret.reveal();
    const form = tokenRequestSchema.parse({
      client_id: options.clientId,
      client_secret: secret,
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
    });
    const answer = await callEntra(options, call, { url: buildUrl(options.loginUrl, route, { tenant }), form: new URLSearchParams(form) });
    if (answer.status < 200 || answer.status >= 300) {
      const body = parseEntraErrorBody(answer.text);
      const scrubbed = body && { ...body, error: scrubSecrets(body.error, [secret]), description: scrubSecrets(body.description, [secret]) };
      throw new EntraTokenError(call, answer.status, scrubbed, { clientId: options.clientId, loginUrl: options.loginUrl });
    }
    const token = parseResponse(tokenResponseSchema, answer.text, (problem) => new GraphSchemaError(call, problem.path, problem.issue, false, { cause: problem.cause }));
    return { token: token.access_token, expiresInSeconds: token.expires_in };
  }

  return {
    forTenant(tenant) {
      let cache = caches.get(tenant);
      if (!cache) {
        cache = createTokenCache(options.clock, () => fetchToken(tenant));
        caches.set(tenant, cache);
      }
      return cache;
    },
  };
}
