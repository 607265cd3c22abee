import { AppError } from '../errors.ts';
import { scrubSecrets } from '../util/secret.ts';

/** Where a failed call was going; the route is the template (`/subscriptions/{subscriptionId}`), never a filled-in URL. */
export interface Pax8CallInfo {
  readonly method: string;
  readonly route: string;
}

/** What Pax8 said about a failure, from any of its three error shapes (see WIRE-NOTES "Errors"). */
export interface Pax8ErrorBody {
  readonly type?: string;
  readonly message?: string;
  readonly details: readonly string[];
}

/**
 * Removes known secret values (the client secret, the current token) from an error body before it
 * becomes part of a message: a server that echoes the credential back must not leak it into logs.
 */
export function scrubErrorBody(body: Pax8ErrorBody | undefined, secrets: readonly string[]): Pax8ErrorBody | undefined {
  if (!body) return body;
  const scrub = (text: string): string => scrubSecrets(text, secrets);
  return {
    ...(body.type === undefined ? {} : { type: scrub(body.type) }),
    ...(body.message === undefined ? {} : { message: scrub(body.message) }),
    details: body.details.map(scrub),
  };
}

function describe(call: Pax8CallInfo, status: number | undefined, body: Pax8ErrorBody | undefined): string {
  const what = [body?.type, body?.message, ...(body?.details ?? [])].filter((part) => part !== undefined && part !== '').join(': ');
  return `Pax8 ${call.method} ${call.route}${status === undefined ? '' : ` answered ${status}`}${what ? ` (${what})` : ''}`;
}

/**
 * Pax8 answered and refused: a 4xx (a definite "no", nothing was changed) or a 5xx on a read after
 * the retries ran out. `type`, `pax8Message` and `details` come from Pax8's error body.
 */
export class Pax8HttpError extends AppError {
  readonly code = 'pax8_http';
  readonly type: string | undefined;
  readonly pax8Message: string | undefined;
  readonly details: readonly string[];

  constructor(
    readonly call: Pax8CallInfo,
    readonly status: number,
    body: Pax8ErrorBody | undefined,
    options?: { cause?: unknown },
  ) {
    super(describe(call, status, body), options);
    this.type = body?.type;
    this.pax8Message = body?.message;
    this.details = body?.details ?? [];
  }
}

/**
 * A Pax8 response did not have the shape the client relies on. `path` is the zod path of the first
 * failing field (e.g. `content.3.quantity`). `afterWrite` is true when the response belonged to a
 * write that Pax8 accepted (2xx): the change was made, only its answer could not be read.
 */
export class Pax8SchemaError extends AppError {
  readonly code = 'pax8_schema';

  constructor(
    readonly call: Pax8CallInfo,
    readonly path: string,
    readonly issue: string,
    readonly afterWrite: boolean,
    options?: { cause?: unknown },
  ) {
    super(`Pax8 ${call.method} ${call.route} returned an unexpected body at "${path || '(root)'}": ${issue}`, options);
  }
}

/** The credentials were refused (token endpoint 401/403, or the API still answered 401 with a fresh token). */
export class Pax8AuthError extends AppError {
  readonly code = 'pax8_auth';
  readonly type: string | undefined;

  constructor(
    readonly call: Pax8CallInfo,
    readonly status: number | undefined,
    body: Pax8ErrorBody | undefined,
    options?: { cause?: unknown },
  ) {
    super(describe(call, status, body), options);
    this.type = body?.type;
  }
}

/**
 * Pax8 answered 429: the request was refused before it was processed. Reads only see this once
 * their retries ran out; writes see it at once, so the caller decides whether to try again.
 */
export class Pax8RateLimitedError extends AppError {
  readonly code = 'pax8_rate_limited';

  constructor(
    readonly call: Pax8CallInfo,
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(`Pax8 ${call.method} ${call.route} was rate limited (429)${retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`}`, options);
  }
}

/** Pax8 could not be reached and nothing can have been changed (a read failed, or a write never left). */
export class Pax8NetworkError extends AppError {
  readonly code = 'pax8_network';

  constructor(
    readonly call: Pax8CallInfo,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Pax8 ${call.method} ${call.route} failed: ${reason}`, options);
  }
}

/**
 * A write may or may not have been applied: it timed out, the connection broke after it was sent,
 * or Pax8 answered 5xx. Pax8 has no idempotency keys, so never write again to find out: read
 * (`GET /orders?companyId=`, `GET /subscriptions/{id}`). See WIRE-NOTES "Business rules" 1.
 */
export class Pax8OutcomeUnknownError extends AppError {
  readonly code = 'pax8_outcome_unknown';

  constructor(
    readonly call: Pax8CallInfo,
    readonly status: number | undefined,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Pax8 ${call.method} ${call.route}: outcome unknown (${reason}); read Pax8 to find out whether it was applied`, options);
  }
}

/** A list had more pages than the configured guard allows; stopping silently would hide data. */
export class Pax8PageLimitError extends AppError {
  readonly code = 'internal';

  constructor(
    readonly route: string,
    readonly maxPages: number,
  ) {
    super(`Pax8 GET ${route} has more than ${maxPages} pages; raise maxPages or narrow the filters`);
  }
}

/**
 * A list read page by page did not add up: a page came back short or empty before the end, out of
 * order, or the list changed size while it was read. The items are not used (a crawl that missed
 * some would report them as missing), so the read fails closed; reading again usually succeeds.
 */
export class Pax8IncompleteListError extends AppError {
  readonly code = 'pax8_schema';

  constructor(
    readonly route: string,
    readonly page: number,
    reason: string,
  ) {
    super(`Pax8 GET ${route} could not be read whole: ${reason}; nothing was used, read it again`);
  }
}

/**
 * A read by id of a record that may not exist: Pax8's 404 (or its 400 for a malformed id) is
 * undefined; any other fault is thrown.
 */
export async function unlessMissing<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof Pax8HttpError && (error.status === 404 || error.status === 400)) return undefined;
    throw error;
  }
}
