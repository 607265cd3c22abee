import { randomUUID } from 'node:crypto';
import { GRAPH_TOKEN_LIFETIME_MS } from './graph-tokens.ts';
import { findTenant, type MicrosoftState } from './microsoft-state.ts';
import type { Tenant } from './tenant-model.ts';

/** The two Entra endpoints the sandbox serves, as fault-rule and stats patterns. */
export const TOKEN_PATTERN = '/login/{tenant}/oauth2/v2.0/token';
export const OPENID_PATTERN = '/login/{tenant}/v2.0/.well-known/openid-configuration';

/** An Entra answer: a token, the OpenID configuration, or an OAuth error body. */
export interface LoginResult {
  status: number;
  body: unknown;
}

/** Which login endpoint a path is, and the tenant segment it names. */
export function matchLogin(path: string): { pattern: string; tenant: string } | undefined {
  const match = /^\/login\/([^/]+)\/(oauth2\/v2\.0\/token|v2\.0\/\.well-known\/openid-configuration)\/?$/.exec(path);
  if (!match?.[1] || !match[2]) return undefined;
  let tenant: string;
  try {
    tenant = decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
  return { pattern: match[2].startsWith('oauth2') ? TOKEN_PATTERN : OPENID_PATTERN, tenant };
}

/** Entra's timestamp in error bodies: `2025-04-02 10:11:12Z`. */
const entraTimestamp = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');

/** An Entra OAuth error: `{error, error_description: "AADSTS<code>: …", error_codes, timestamp, trace_id, correlation_id}`. */
function entraError(status: number, error: string, code: number, description: string, now: number): LoginResult {
  return {
    status,
    body: { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code], timestamp: entraTimestamp(now), trace_id: randomUUID(), correlation_id: randomUUID() },
  };
}

/** Resolves the tenant segment (id or domain) or says why Entra would not. */
function resolveTenant(ms: MicrosoftState, segment: string, error: string, now: number): Tenant | LoginResult {
  const looksValid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(segment);
  if (!looksValid) return entraError(400, 'invalid_request', 900023, `Specified tenant identifier '${segment}' is neither a valid DNS name, nor a valid external domain.`, now);
  return (
    findTenant(ms, segment) ??
    entraError(400, error, 90002, `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`, now)
  );
}

/**
 * `GET /login/{tenant}/v2.0/.well-known/openid-configuration`: how a domain becomes a tenant id
 * (GRAPH-NOTES) — `issuer` is `{login base}/{tenantId}/v2.0`, with the sandbox's own address as the
 * login base. Works without consent, as on Entra.
 */
export function openIdConfiguration(ms: MicrosoftState, segment: string, now: number): LoginResult {
  const tenant = resolveTenant(ms, segment, 'invalid_tenant', now);
  if ('status' in tenant) return tenant;
  const login = `${ms.baseUrl}/login/${tenant.id}`;
  return {
    status: 200,
    body: {
      token_endpoint: `${login}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${ms.baseUrl}/login/${tenant.id}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${login}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${login}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${login}/oauth2/v2.0/logout`,
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
      msgraph_host: 'graph.microsoft.com',
    },
  };
}

const GRAPH_DEFAULT_SCOPES = new Set(['https://graph.microsoft.com/.default', 'https://graph.microsoft.com//.default', '00000003-0000-0000-c000-000000000000/.default']);

/**
 * `POST /login/{tenant}/oauth2/v2.0/token`, client credentials (form-encoded `client_id`,
 * `client_secret`, `scope`, `grant_type`), answered as Entra does: an unknown tenant AADSTS90002,
 * a missing parameter AADSTS900144, an app the tenant has not consented (or an unknown app)
 * AADSTS700016 with `unauthorized_client`, a wrong secret 401 `invalid_client` AADSTS7000215, a scope
 * without `/.default` AADSTS1002012. A token is for that tenant only and lives an hour.
 */
export function issueToken(ms: MicrosoftState, segment: string, text: string, now: number): LoginResult {
  const tenant = resolveTenant(ms, segment, 'invalid_request', now);
  if ('status' in tenant) return tenant;
  const form = new URLSearchParams(text);
  const missing = ['grant_type', 'client_id', 'scope'].find((name) => (form.get(name) ?? '') === '');
  if (missing) return entraError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${missing}'.`, now);
  const grantType = form.get('grant_type') ?? '';
  if (grantType !== 'client_credentials') return entraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`, now);
  const clientId = form.get('client_id') ?? '';
  if (clientId !== ms.settings.clientId || !tenant.consented) {
    return entraError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${segment}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`, now);
  }
  const secret = form.get('client_secret');
  if (secret === null || secret === '') return entraError(401, 'invalid_client', 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.", now);
  if (secret !== ms.settings.clientSecret) {
    return entraError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`, now);
  }
  const scope = form.get('scope') ?? '';
  if (!scope.endsWith('/.default')) {
    return entraError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`, now);
  }
  if (!GRAPH_DEFAULT_SCOPES.has(scope)) {
    return entraError(400, 'invalid_resource', 500011, `The resource principal named ${scope.replace(/\/\.default$/, '')} was not found in the tenant named ${tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`, now);
  }
  const { token } = ms.tokens.issue(tenant.id, clientId, tenant.permissions);
  const seconds = GRAPH_TOKEN_LIFETIME_MS / 1000;
  return { status: 200, body: { token_type: 'Bearer', expires_in: seconds, ext_expires_in: seconds, access_token: token } };
}
