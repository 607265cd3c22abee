/** Reads or writes: a read may be sent again, a write never (no idempotency keys at Pax8 or Graph). */
export type CallKind = 'read' | 'write';

/** Why a request got no answer, and whether it can have reached the server at all. */
export interface TransportFailure {
  /** `timed out`, or the error's name (`SocketError`, `AbortError`, …); never a URL or a body. */
  readonly reason: string;
  readonly timedOut: boolean;
  /** The connection was never made (refused, unknown host): nothing reached the server. */
  readonly neverSent: boolean;
}

/** Errors where the connection was never made: nothing reached the server, even for a write. */
const neverSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Describes a request that threw instead of answering. `status` is the status already received, if
 * any (a body that broke off after the headers): then the request certainly arrived.
 */
export function describeTransportFailure(error: unknown, status: number | undefined): TransportFailure {
  const name = error instanceof Error ? error.name : 'Error';
  const timedOut = name === 'TimeoutError';
  return { reason: timedOut ? 'timed out' : name, timedOut, neverSent: status === undefined && neverSentCodes.has(errorCode(error)) };
}

/**
 * Whether a failed call may have changed something, so that its outcome is unknown and must be
 * settled by reading, never by sending it again: a write that was (or may have been) sent and got
 * no answer, or that got a 5xx (the server failed somewhere, perhaps after applying it). A 4xx or a
 * 429 is a definite refusal; a read changes nothing.
 */
export function isOutcomeUnknown(kind: CallKind, failure: { readonly status?: number | undefined; readonly transport?: TransportFailure | undefined }): boolean {
  if (kind === 'read') return false;
  if (failure.transport) return !failure.transport.neverSent;
  return failure.status !== undefined && failure.status >= 500;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' ? code : '';
}
