import { buildUrl } from '../http/build-url.ts';
import { parseResponse } from '../http/parse-response.ts';
import { strictBody } from '../http/strict-body.ts';
import { callEntra, type EntraRequestOptions } from './entra-request.ts';
import { entraTokenReason, GraphHttpError, GraphSchemaError, type MicrosoftCallInfo } from './errors.ts';
import { tenantIdFromIssuer, tenantRefSchema } from './schemas/common.ts';
import { parseEntraErrorBody } from './schemas/error.ts';
import { openIdConfigurationSchema } from './schemas/token.ts';

const route = '/{tenant}/v2.0/.well-known/openid-configuration';

/**
 * The tenant id of a domain (or of a tenant id, which confirms it exists), from the tenant's OpenID
 * configuration: `GET {login}/{domain}/v2.0/.well-known/openid-configuration` → `issuer`
 * `https://login.microsoftonline.com/{tenantId}/v2.0`. No token needed. `undefined` when Entra does
 * not know the tenant (AADSTS90002); a malformed domain is `InvalidInputError` before anything is sent.
 */
export async function resolveTenantId(options: EntraRequestOptions, domainOrId: string): Promise<string | undefined> {
  const tenant = strictBody('tenant', () => tenantRefSchema.parse(domainOrId));
  const call: MicrosoftCallInfo = { service: 'Entra ID', tenant, method: 'GET', route };
  const answer = await callEntra(options, call, { url: buildUrl(options.loginUrl, route, { tenant }) });
  if (answer.status < 200 || answer.status >= 300) {
    const body = parseEntraErrorBody(answer.text);
    if (body && entraTokenReason(body.aadsts) === 'tenant_not_found') return undefined;
    throw new GraphHttpError(call, answer.status, body && { code: body.error, message: body.description, innerCode: undefined, details: [], requestId: undefined });
  }
  const config = parseResponse(openIdConfigurationSchema, answer.text, (problem) => new GraphSchemaError(call, problem.path, problem.issue, false, { cause: problem.cause }));
  const tenantId = tenantIdFromIssuer(config.issuer);
  if (tenantId === undefined) throw new GraphSchemaError(call, 'issuer', 'holds no tenant id', false);
  return tenantId;
}
