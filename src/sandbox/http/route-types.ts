import type { SandboxData } from '../sandbox-data.ts';

/** What a route sees: path parameters, query, the parsed JSON body, the data and the sandbox time. */
export interface RouteContext {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: unknown;
  data: SandboxData;
  now: number;
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export type RouteHandler = (ctx: RouteContext) => RouteResult;

/** One operation of partner-endpoints.json: method and OpenAPI path relative to `/v1`. */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pattern: string;
  handler: RouteHandler;
}

export const ok = (body: unknown): RouteResult => ({ status: 200, body });
export const noContent: RouteResult = { status: 204 };
