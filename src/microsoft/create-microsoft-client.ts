import type { Dispatcher } from 'undici';
import type { Logger } from '../log.ts';
import { createSilentLogger } from '../log.ts';
import { systemClock, type Clock } from '../util/clock.ts';
import type { Secret } from '../util/secret.ts';
import { createConcurrencyLimit } from '../http/concurrency-limit.ts';
import { resolveRetryPolicy, type RetryPolicy } from '../http/retry-policy.ts';
import { strictBody } from '../http/strict-body.ts';
import type { CallObserver } from '../http/call-observer.ts';
import { createEntraTokens, tenantsKept } from './entra-tokens.ts';
import { adminConsentUrl } from './errors.ts';
import { tokenRoles } from './token-roles.ts';
import { createGraphRequester } from './graph-request.ts';
import { resolveTenantId } from './resolve-tenant-id.ts';
import { createDirectoryResource, type DirectoryResource } from './resources/directory.ts';
import { createUsersResource, type UsersResource } from './resources/users.ts';
import { tenantRefSchema } from './schemas/common.ts';
import { createTtlCache } from '../util/ttl-cache.ts';

/** The MSP's multi-tenant app registration and the endpoints (`AppConfig.microsoft` once credentials are set). */
export interface MicrosoftClientConfig {
  readonly clientId: string;
  readonly clientSecret: Secret;
  /** `MICROSOFT_LOGIN_URL`, e.g. `https://login.microsoftonline.com`. */
  readonly loginUrl: string;
  /** `GRAPH_BASE_URL`, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly graphBaseUrl: string;
  /** Per-request deadline, headers and body included. */
  readonly timeoutMs?: number;
  /** Graph requests in flight at once per tenant, across all callers. */
  readonly maxConcurrency?: number;
  /** Guard against endless lists. */
  readonly maxPages?: number;
  readonly retry?: Partial<RetryPolicy>;
}

/** What the client is given rather than configured with: clock, logger, transport. */
export interface MicrosoftClientDeps {
  readonly clock?: Clock;
  readonly log?: Logger;
  /** undici dispatcher (a proxy agent, say); the tests talk to a local server without one. */
  readonly dispatcher?: Dispatcher;
  /** Jitter source for backoff. */
  readonly random?: () => number;
  /** Told about every Entra and Graph call attempt (route template and status), for `/metrics`. */
  readonly onCall?: CallObserver;
}

/** Graph for one customer tenant; see {@link createMicrosoftClient}. */
export interface GraphClient extends DirectoryResource {
  /** The tenant as given to `forTenant`, lower-cased. */
  readonly tenant: string;
  readonly users: UsersResource;
  /**
   * The application permissions the tenant granted the app, read from the current token's `roles`
   * claim (a token is fetched if none is cached); `undefined` when the token does not say. A hint
   * for admins (`check`, `tenant`), never a gate: Graph decides every call.
   */
  grantedPermissions(): Promise<readonly string[] | undefined>;
}

/** Reaches every customer tenant the app is consented in. */
export interface MicrosoftClient {
  /** The Graph client of a tenant (its id or a domain); the same object for the same tenant. */
  forTenant(tenant: string): GraphClient;
  /** A domain's tenant id (OpenID configuration lookup, no token needed); `undefined` for an unknown tenant. */
  resolveTenantId(domainOrId: string): Promise<string | undefined>;
  /** Where an administrator of the tenant grants the app admin consent (first time, or after new permissions). */
  adminConsentUrl(tenant: string): string;
}

/**
 * The Microsoft client (DESIGN "Microsoft client"): app-only Entra tokens per customer tenant and the
 * Graph calls for licences, users and licence assignment, on the Pax8 client's rules: every answer
 * through zod, reads retried, writes sent once, a lost write answer reported as outcome-unknown so
 * the caller reads before doing anything again, secrets never in errors or logs.
 */
export function createMicrosoftClient(config: MicrosoftClientConfig, deps: MicrosoftClientDeps = {}): MicrosoftClient {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? createSilentLogger();
  const policy = resolveRetryPolicy(config.retry);
  const timeoutMs = config.timeoutMs ?? 30_000;
  const entra = { loginUrl: config.loginUrl, policy, timeoutMs, clock, log, dispatcher: deps.dispatcher, random: deps.random, onCall: deps.onCall };
  const tokens = createEntraTokens({ ...entra, clientId: config.clientId, clientSecret: config.clientSecret });
  const clients = createTtlCache<string, GraphClient>({ max: tenantsKept, ttlMs: Number.POSITIVE_INFINITY });

  function createGraphClient(tenant: string): GraphClient {
    const tenantTokens = tokens.forTenant(tenant);
    const request = createGraphRequester({
      baseUrl: config.graphBaseUrl,
      tenant,
      tokens: tenantTokens,
      inFlight: createConcurrencyLimit(config.maxConcurrency ?? 4),
      policy,
      timeoutMs,
      clock,
      log,
      dispatcher: deps.dispatcher,
      random: deps.random,
      onCall: deps.onCall,
    });
    const ctx = { request, tenant, graphBaseUrl: config.graphBaseUrl, maxPages: config.maxPages ?? 1000 };
    return { tenant, ...createDirectoryResource(ctx), users: createUsersResource(ctx), grantedPermissions: async () => tokenRoles(await tenantTokens.get()) };
  }

  return {
    forTenant(given) {
      const tenant = strictBody('tenant', () => tenantRefSchema.parse(given));
      let client = clients.get(tenant);
      if (!client) {
        client = createGraphClient(tenant);
        clients.set(tenant, client);
      }
      return client;
    },
    resolveTenantId: (domainOrId) => resolveTenantId(entra, domainOrId),
    adminConsentUrl: (tenant) => adminConsentUrl(config.loginUrl, strictBody('tenant', () => tenantRefSchema.parse(tenant)), config.clientId),
  };
}
