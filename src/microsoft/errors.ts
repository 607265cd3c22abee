import { AppError } from '../errors.ts';
import { graphErrorHint, graphErrorReason, type GraphErrorReason } from './graph-error-reason.ts';
import type { EntraErrorBody, GraphErrorBody } from './schemas/error.ts';

export type { GraphErrorReason };

/**
 * Where a failed call was going: Entra ID (tokens, tenant lookup) or Graph, the customer tenant, and
 * the route template (`/users/{user}/assignLicense`), never a filled-in URL or a query.
 */
export interface MicrosoftCallInfo {
  readonly service: 'Entra ID' | 'Graph';
  readonly tenant: string;
  readonly method: string;
  readonly route: string;
}

function describe(call: MicrosoftCallInfo): string {
  return `${call.service} ${call.method} ${call.route} (tenant ${call.tenant})`;
}

/** Why Entra refused a token; see {@link EntraTokenError}. */
export type EntraTokenReason = 'not_consented' | 'invalid_secret' | 'secret_expired' | 'tenant_not_found' | 'refused';

/** AADSTS codes the bot acts on (https://learn.microsoft.com/entra/identity-platform/reference-error-codes). */
const reasonByAadsts: ReadonlyMap<number, EntraTokenReason> = new Map([
  [700016, 'not_consented'],
  [7000215, 'invalid_secret'],
  [7000222, 'secret_expired'],
  [90002, 'tenant_not_found'],
  [900023, 'tenant_not_found'],
]);

/** The reason an AADSTS code stands for; `refused` for any other. */
export function entraTokenReason(aadsts: number | undefined): EntraTokenReason {
  return (aadsts === undefined ? undefined : reasonByAadsts.get(aadsts)) ?? 'refused';
}

/**
 * Where a Global Administrator of `tenant` grants the app admin consent (again, after permissions
 * were added to the app registration): `{login}/{tenant}/adminconsent?client_id={app}`.
 */
export function adminConsentUrl(loginUrl: string, tenant: string, clientId: string): string {
  return `${loginUrl.replace(/\/+$/, '')}/${encodeURIComponent(tenant)}/adminconsent?client_id=${encodeURIComponent(clientId)}`;
}

/**
 * Entra ID refused the app a token for a customer tenant, decided on the AADSTS code. The message
 * says what to do: consent the app in that tenant (with the admin consent URL), fix or renew the
 * client secret, or fix the tenant mapped to the company. The secret never appears.
 */
export class EntraTokenError extends AppError {
  readonly code = 'entra_token';
  readonly reason: EntraTokenReason;
  readonly aadsts: number | undefined;
  /** For `not_consented`: where a Global Administrator of the tenant grants the app admin consent. */
  readonly consentUrl: string | undefined;

  constructor(
    readonly call: MicrosoftCallInfo,
    readonly status: number,
    body: EntraErrorBody | undefined,
    context: { readonly clientId: string; readonly loginUrl: string },
  ) {
    const reason = entraTokenReason(body?.aadsts);
    const consentUrl = reason === 'not_consented' ? adminConsentUrl(context.loginUrl, call.tenant, context.clientId) : undefined;
    super(tokenMessage(call, status, body, reason, context.clientId, consentUrl));
    this.reason = reason;
    this.aadsts = body?.aadsts;
    this.consentUrl = consentUrl;
  }
}

function tokenMessage(call: MicrosoftCallInfo, status: number, body: EntraErrorBody | undefined, reason: EntraTokenReason, clientId: string, consentUrl: string | undefined): string {
  const code = body?.aadsts === undefined ? '' : ` (AADSTS${body.aadsts})`;
  switch (reason) {
    case 'not_consented':
      return `The app ${clientId} is not consented in tenant ${call.tenant}${code}: an administrator of that tenant must grant it admin consent at ${consentUrl ?? ''}`;
    case 'invalid_secret':
      return `Entra ID refused the app's client secret${code}: set MICROSOFT_CLIENT_SECRET to the secret's value (not its id) of app ${clientId}`;
    case 'secret_expired':
      return `The app's client secret has expired${code}: create a new secret for app ${clientId} and set MICROSOFT_CLIENT_SECRET`;
    case 'tenant_not_found':
      return `Entra ID does not know tenant ${call.tenant}${code}: check the tenant id or domain given for this company`;
    case 'refused':
      return `Entra ID refused a token for tenant ${call.tenant}: ${status}${body ? ` ${body.error}${code}` : ''}${body?.description ? `: ${firstSentence(body.description)}` : ''}`;
  }
}

/** The description's first sentence without its `AADSTSnnn:` prefix (the code is shown already). */
function firstSentence(text: string): string {
  const plain = text.replace(/^AADSTS\d+:\s*/, '');
  const end = plain.indexOf('. ');
  return end === -1 ? plain : plain.slice(0, end + 1);
}

/**
 * Graph answered and refused: a 4xx (nothing was changed) or a 5xx on a read after the retries ran
 * out. `reason` is what a caller branches on; `graphCode`, `innerCode` and `requestId` are Graph's.
 */
export class GraphHttpError extends AppError {
  readonly code = 'graph_http';
  readonly reason: GraphErrorReason;
  readonly graphCode: string | undefined;
  readonly innerCode: string | undefined;
  readonly graphMessage: string | undefined;
  readonly requestId: string | undefined;

  constructor(
    readonly call: MicrosoftCallInfo,
    readonly status: number,
    body: GraphErrorBody | undefined,
  ) {
    const reason = graphErrorReason(status, body);
    const said = body ? ` ${body.code}${body.message ? `: ${body.message}` : ''}` : '';
    const hint = graphErrorHint(reason);
    super(`${describe(call)} answered ${status}${said}${hint ? ` (${hint})` : ''}`);
    this.reason = reason;
    this.graphCode = body?.code;
    this.innerCode = body?.innerCode;
    this.graphMessage = body?.message;
    this.requestId = body?.requestId;
  }
}

/**
 * A Graph or Entra answer did not have the shape the client relies on (or a next-page link pointed
 * elsewhere). `afterWrite`: the write was applied (2xx), only its answer could not be read.
 */
export class GraphSchemaError extends AppError {
  readonly code = 'graph_schema';

  constructor(
    readonly call: MicrosoftCallInfo,
    readonly path: string,
    readonly issue: string,
    readonly afterWrite: boolean,
    options?: { cause?: unknown },
  ) {
    super(`${describe(call)} returned an unexpected body at "${path || '(root)'}": ${issue}`, options);
  }
}

/**
 * Graph answered 429: refused before it was processed. Reads see this once their retries ran out;
 * writes at once, so the caller decides when to try again.
 */
export class GraphRateLimitedError extends AppError {
  readonly code = 'graph_rate_limited';

  constructor(
    readonly call: MicrosoftCallInfo,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`${describe(call)} was throttled (429)${retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`}`);
  }
}

/** Entra or Graph could not be reached and nothing can have been changed (a read, or a write that never left). */
export class GraphNetworkError extends AppError {
  readonly code = 'graph_network';

  constructor(
    readonly call: MicrosoftCallInfo,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${describe(call)} failed: ${reason}`, options);
  }
}

/**
 * A Graph write may or may not have been applied: it timed out, the connection broke after it was
 * sent, or Graph answered 5xx. Graph has no idempotency keys: never send it again to find out, read
 * (the user by UPN after `POST /users`, `licenseDetails` after `assignLicense`).
 */
export class GraphOutcomeUnknownError extends AppError {
  readonly code = 'graph_outcome_unknown';

  constructor(
    readonly call: MicrosoftCallInfo,
    readonly status: number | undefined,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${describe(call)}: outcome unknown (${reason}); read Graph to find out whether it was applied before doing anything again`, options);
  }
}

/** A list had more pages than the guard allows; stopping silently would hide users. */
export class GraphPageLimitError extends AppError {
  readonly code = 'internal';

  constructor(
    readonly call: MicrosoftCallInfo,
    readonly maxPages: number,
  ) {
    super(`${describe(call)} has more than ${maxPages} pages; narrow the filter`);
  }
}
