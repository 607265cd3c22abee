/**
 * Graph's error shape (GRAPH-NOTES "Errors and limits"):
 * `{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}`, with
 * `details` on some refusals and a nested `innerError.code` on throttling. Clients decide on `code`.
 */
export interface GraphErrorExtra {
  details?: readonly { code: string; message: string; target: string }[];
  /** Throttling nests `{code: "throttledRequest", innerError: {code: "quota"}}` in `innerError`. */
  throttled?: boolean;
  headers?: Record<string, string>;
}

/** A Graph refusal, thrown by routes and rendered by the Microsoft pipeline. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: GraphErrorExtra = {},
  ) {
    super(message);
  }
}

/** What identifies one Graph request in `innerError`. */
export interface GraphRequestIds {
  date: number;
  requestId: string;
  clientRequestId: string;
}

/** Graph's `innerError.date`: `2025-03-11T09:02:14`, UTC without zone or fraction. */
export function graphErrorDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** The JSON body of a Graph refusal, stamped with the request's ids and date. */
export function graphErrorBody(error: GraphError, ids: GraphRequestIds) {
  const stamp = { date: graphErrorDate(ids.date), 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId };
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.extra.details ? { details: error.extra.details } : {}),
      innerError: error.extra.throttled ? { code: 'throttledRequest', innerError: { code: 'quota' }, ...stamp } : stamp,
    },
  };
}

/** 404 `Request_ResourceNotFound`, worded as Graph words it. */
export const notFound = (id: string): GraphError =>
  new GraphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

/** A refused write or a bad value: 400 `Request_BadRequest`. */
export const badRequest = (message: string, extra: GraphErrorExtra = {}): GraphError => new GraphError(400, 'Request_BadRequest', message, extra);

/** A malformed query option (`$select`, `$filter`, `$top` …): 400 `BadRequest`. */
export const badQuery = (message: string): GraphError => new GraphError(400, 'BadRequest', message);

/** A query Graph does not support on this resource (or not without the advanced-query headers). */
export const unsupportedQuery = (message: string): GraphError => new GraphError(400, 'Request_UnsupportedQuery', message);

/** 403 when the app was not granted any permission that allows the call. */
export const insufficientPrivileges = (): GraphError => new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');

/** 400 for a missing or malformed property of a user body. */
export const invalidValue = (property: string): GraphError => badRequest(`Invalid value specified for property '${property}' of resource 'User'.`);

/** Throttling (429) or an overloaded service (503), with the `Retry-After` Graph sends. */
export function throttled(status: 429 | 503, retryAfterSeconds: number): GraphError {
  const headers = { 'retry-after': String(retryAfterSeconds) };
  if (status === 503) return new GraphError(503, 'serviceNotAvailable', 'The service is temporarily unavailable. Retry after the delay in the Retry-After header.', { headers });
  return new GraphError(429, 'activityLimitReached', 'The request has been throttled', { throttled: true, headers });
}

const codeByStatus: Record<number, string> = {
  400: 'BadRequest', 401: 'InvalidAuthenticationToken', 403: 'Authorization_RequestDenied', 404: 'Request_ResourceNotFound',
  409: 'Conflict', 412: 'PreconditionFailed', 500: 'generalException', 502: 'BadGateway', 504: 'GatewayTimeout',
};

/** The refusal an injected fault status stands for (429 and 503 with `Retry-After`, default 1 s). */
export function injectedFault(status: number, retryAfterSeconds: number | undefined): GraphError {
  if (status === 429 || status === 503) return throttled(status, retryAfterSeconds ?? 1);
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  return new GraphError(status, codeByStatus[status] ?? 'UnknownError', 'Injected fault', { headers });
}
