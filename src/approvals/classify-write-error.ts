/** How a failed Pax8 write ended: definitely not applied, or maybe applied (resolve by reading). */
export type WriteErrorClass =
  | { readonly kind: 'refused'; readonly status: number | undefined; readonly message: string; readonly retryAfterMs?: number }
  | { readonly kind: 'unknown'; readonly message: string };

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null && name in error ? (error as Record<string, unknown>)[name] : undefined;
}

function pax8Message(error: unknown): string {
  const details = field(error, 'details') ?? field(error, 'issues');
  const list = Array.isArray(details) ? details.filter((d): d is string => typeof d === 'string' && d !== '') : [];
  const own = field(error, 'pax8Message');
  if (list.length > 0 && field(error, 'code') === 'invalid_input' && error instanceof Error) return `${error.message}: ${list.join('; ')}`;
  if (list.length > 0) return list.join('; ');
  if (typeof own === 'string' && own !== '') return own;
  return error instanceof Error ? error.message : String(error);
}

function graphMessage(error: unknown): string {
  const own = field(error, 'graphMessage');
  if (typeof own === 'string' && own !== '') return own;
  return error instanceof Error ? error.message : String(error);
}

/**
 * A read before a step failed: `passing` when trying again later may work (throttled, unreachable,
 * a 5xx), so the request waits its turn instead of failing.
 */
export function isPassingReadError(error: unknown): boolean {
  const code = field(error, 'code');
  const status = field(error, 'status');
  if (code === 'pax8_rate_limited' || code === 'pax8_network' || code === 'graph_rate_limited' || code === 'graph_network') return true;
  return (code === 'pax8_http' || code === 'graph_http') && typeof status === 'number' && status >= 500;
}

/**
 * Classifies by the error's `code` (see `src/errors.ts`), not its class, so the engine does not
 * depend on the client module. Only answers that prove nothing was changed count as refused: a 4xx,
 * a 429, refused credentials. A 5xx, a timeout (`pax8_outcome_unknown`), an unreadable success body
 * or anything unexpected may have changed Pax8 and must be resolved by reading (WIRE-NOTES rule 1).
 */
export function classifyWriteError(error: unknown): WriteErrorClass {
  const code = field(error, 'code');
  const status = field(error, 'status');
  const numericStatus = typeof status === 'number' ? status : undefined;
  if (code === 'pax8_http' && numericStatus !== undefined && numericStatus >= 400 && numericStatus < 500) {
    return { kind: 'refused', status: numericStatus, message: pax8Message(error) };
  }
  if (code === 'pax8_rate_limited') {
    const retryAfterMs = field(error, 'retryAfterMs');
    return { kind: 'refused', status: 429, message: pax8Message(error), ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}) };
  }
  if (code === 'pax8_auth' || code === 'invalid_input') {
    return { kind: 'refused', status: numericStatus, message: pax8Message(error) };
  }
  // Graph (steps of multi-step requests): a 4xx, a 429, a refused token or a call that never left changed nothing.
  if (code === 'graph_http' && numericStatus !== undefined && numericStatus >= 400 && numericStatus < 500) {
    return { kind: 'refused', status: numericStatus, message: graphMessage(error) };
  }
  if (code === 'graph_rate_limited') {
    const retryAfterMs = field(error, 'retryAfterMs');
    return { kind: 'refused', status: 429, message: graphMessage(error), ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}) };
  }
  if (code === 'entra_token' || code === 'graph_network') {
    return { kind: 'refused', status: numericStatus, message: graphMessage(error) };
  }
  return { kind: 'unknown', message: error instanceof Error ? error.message : String(error) };
}
