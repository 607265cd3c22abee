/**
 * Refusals in the three shapes the Pax8 wire uses (WIRE-NOTES "Errors"): the usual
 * `{type, message, instance, status, details}`, the flat `{"errors": [...]}` on commitment-restricted
 * subscription changes, and `{error, error_description}` from the token endpoint.
 */
export interface ErrorDetail {
  message: string;
  type?: string;
  instance?: string;
  status?: number;
}

const typeByStatus: Record<number, string> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS', 500: 'INTERNAL_SERVER_ERROR', 502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE', 504: 'GATEWAY_TIMEOUT',
};

/** The `type` Pax8 puts in an error body for a status. */
export function errorType(status: number): string {
  return typeByStatus[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');
}

/** A refusal in the usual Pax8 shape; thrown by routes, rendered by the request pipeline. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    readonly type: string = errorType(status),
  ) {
    super(message);
  }
}

/** A refusal in the flat `{"errors": [...]}` shape, as Pax8 sends for commitment rules. */
export class FlatErrors extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly string[],
  ) {
    super(errors.join('; '));
  }
}

/** The Pax8 `instance` of a request: the path as Pax8's gateway reports it. */
export function instanceOf(path: string): string {
  return `/public${path}`;
}

export function errorBody(status: number, message: string, instance: string, details: readonly ErrorDetail[] = [], type = errorType(status)) {
  return { type, message, instance, status, details };
}

export const notFound = (what: string, id: string): ApiError => new ApiError(404, `${what} Not Found: ${id}`);
