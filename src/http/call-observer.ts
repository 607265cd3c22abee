/**
 * What one attempt of an outgoing API call came to, for `/metrics`: the service, the route template
 * (`/subscriptions/{subscriptionId}`, never a filled-in URL or a query, so the label set stays
 * bounded and holds no ids), the HTTP status or `error` when no answer came (timeout, connection
 * failure), and how long it took. Retries are attempts of their own: a 429 storm shows as 429s.
 */
export interface ObservedCall {
  readonly service: 'pax8' | 'graph' | 'entra';
  /** The Pax8 partner account (a configured name); empty for Microsoft calls. */
  readonly account?: string;
  readonly method: string;
  readonly route: string;
  readonly status: number | 'error';
  readonly seconds: number;
}

/** Told about every attempt; must not throw (metrics never break a call). */
export type CallObserver = (call: ObservedCall) => void;

/** Seconds since `startedMs` (a `performance.now()` reading): call durations use the monotonic clock, not the injected one. */
export function secondsSince(startedMs: number): number {
  return (performance.now() - startedMs) / 1000;
}
