import { request, type Dispatcher } from 'undici';
import { describeTransportFailure, type TransportFailure } from './transport-failure.ts';

/** One JSON request with a bearer token, as the Pax8 and Graph clients send them. */
export interface JsonRequest {
  readonly method: string;
  readonly token: string;
  /** Extra headers (Graph's `ConsistencyLevel`, say); authorization, accept and content-type are set here. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON when present. */
  readonly body?: unknown;
  readonly timeoutMs: number;
  readonly dispatcher?: Dispatcher | undefined;
}

/** What came back: an answer with its text, or why there was none (with the status, if headers had arrived). */
export type JsonExchange =
  | { readonly ok: true; readonly status: number; readonly headers: Dispatcher.ResponseData['headers']; readonly text: string }
  | { readonly ok: false; readonly status: number | undefined; readonly failure: TransportFailure; readonly error: unknown };

/**
 * Sends one request and reads the whole answer as text, never throwing: a transport failure is
 * described (`describeTransportFailure`) so the caller can decide whether a write's outcome is unknown.
 */
export async function exchangeJson(url: string, req: JsonRequest): Promise<JsonExchange> {
  let status: number | undefined;
  try {
    const response = await request(url, {
      method: req.method,
      headers: {
        ...req.headers,
        authorization: `Bearer ${req.token}`,
        accept: 'application/json',
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      signal: AbortSignal.timeout(req.timeoutMs),
      ...(req.dispatcher ? { dispatcher: req.dispatcher } : {}),
    });
    status = response.statusCode;
    const text = await response.body.text();
    return { ok: true, status, headers: response.headers, text };
  } catch (error) {
    return { ok: false, status, failure: describeTransportFailure(error, status), error };
  }
}
