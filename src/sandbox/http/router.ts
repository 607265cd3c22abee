import type { RouteDef } from './route-types.ts';

/** What the router needs of a route: its method and its path pattern with `{placeholders}`. */
export interface RoutePattern {
  method: string;
  pattern: string;
}

export type RouteMatch<R extends RoutePattern> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[]; pattern: string }
  | { kind: 'none' };

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] ?? '';
    if (segment.startsWith('{')) {
      if (actual === '') return undefined;
      try {
        params[segment.slice(1, -1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (segment !== actual) return undefined;
  }
  return params;
}

const placeholders = (pattern: string): number => (pattern.match(/\{/g) ?? []).length;

/**
 * Matches `/companies/abc` to `GET /companies/{companyId}`. Literal segments win over placeholders,
 * so `/invoices/draftItems` is not read as an invoice id. Serves the Pax8 routes and the Graph ones.
 */
export function createRouter<R extends RoutePattern>(routes: readonly R[]) {
  const ordered = [...routes].sort((a, b) => placeholders(a.pattern) - placeholders(b.pattern));
  const patterns = [...new Set(ordered.map((r) => r.pattern))];
  return {
    routes: ordered,
    match(method: string, path: string): RouteMatch<R> {
      let pattern: string | undefined;
      let params: Record<string, string> | undefined;
      for (const p of patterns) {
        params = matchPattern(p, path);
        if (params !== undefined) {
          pattern = p;
          break;
        }
      }
      if (pattern === undefined || params === undefined) return { kind: 'none' };
      const route = ordered.find((r) => r.pattern === pattern && r.method === method);
      if (!route) return { kind: 'method-not-allowed', allowed: ordered.filter((r) => r.pattern === pattern).map((r) => r.method), pattern };
      return { kind: 'found', route, params };
    },
    /** Whether `METHOD /pattern` names an operation, for validating fault rules. */
    has(method: string, pattern: string): boolean {
      return ordered.some((r) => r.pattern === pattern && (method === '*' || r.method === method));
    },
  };
}

export type Router<R extends RoutePattern = RouteDef> = ReturnType<typeof createRouter<R>>;
