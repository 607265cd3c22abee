import { z } from 'zod';
import type { Prng } from './prng.ts';

/**
 * A per-route fault: `route` is `METHOD /openapi/path/{param}` relative to `/v1` for Pax8 (`*` = any
 * method), or the full path for Microsoft (`POST /graph/v1.0/users/{id}/assignLicense`,
 * `POST /login/{tenant}/oauth2/v2.0/token`).
 */
export interface FaultRule {
  id: string;
  route: string;
  method: string;
  pattern: string;
  status?: number;
  /** Seconds sent in `Retry-After` with the injected status. */
  retryAfter?: number;
  latencyMs?: number;
  hang?: boolean;
  hangAfterWrite?: boolean;
  /** Remaining matching requests this rule applies to; undefined = until cleared. */
  times?: number;
  /** Matching requests still let through untouched before the rule applies (the third page of a list). */
  after?: number;
}

export const faultInputSchema = z.object({
  route: z.string().regex(/^(\*|GET|POST|PUT|PATCH|DELETE)\s+\/\S*$/i, 'must look like "POST /orders"').optional(),
  status: z.number().int().min(400).max(599).optional(),
  retryAfter: z.number().int().min(0).max(3600).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  hang: z.boolean().optional(),
  hangAfterWrite: z.boolean().optional(),
  times: z.number().int().min(1).optional(),
  after: z.number().int().min(1).optional(),
  failRate: z.number().min(0).max(1).optional(),
});

export type FaultInput = z.output<typeof faultInputSchema>;

/** Counts one matching request against a rule's `after`; true while the rule still lets requests through. */
function letThrough(rule: FaultRule): boolean {
  if (rule.after === undefined || rule.after <= 0) return false;
  rule.after -= 1;
  return true;
}

/** The faults that apply to one request, merged from every matching rule. */
export interface FaultPlan {
  latencyMs: number;
  status?: number;
  /** From the rule that set `status`, when it gave one. */
  retryAfterSeconds?: number;
  hang: boolean;
  hangAfterWrite: boolean;
}

/**
 * Fault injection: global latency and error rate (from the command line or the admin endpoint) and
 * per-route rules, so tests can reproduce a slow Pax8, a 503, a request that never answers, and the
 * worst case for approvals: a write Pax8 applied whose answer was lost.
 */
export function createFaults(initial: { latencyMs: number; failRate: number }, prng: Prng) {
  const globals = { ...initial };
  let rules: FaultRule[] = [];
  let nextId = 1;
  return {
    globals,
    list: () => ({ latencyMs: globals.latencyMs, failRate: globals.failRate, rules }),
    add(input: FaultInput & { route: string }): FaultRule {
      const [method = '*', pattern = '/'] = input.route.trim().split(/\s+/);
      const rule: FaultRule = { id: `fault-${nextId++}`, route: `${method.toUpperCase()} ${pattern}`, method: method.toUpperCase(), pattern };
      if (input.status !== undefined) rule.status = input.status;
      if (input.retryAfter !== undefined) rule.retryAfter = input.retryAfter;
      if (input.latencyMs !== undefined) rule.latencyMs = input.latencyMs;
      if (input.hang) rule.hang = true;
      if (input.hangAfterWrite) rule.hangAfterWrite = true;
      if (input.times !== undefined) rule.times = input.times;
      if (input.after !== undefined) rule.after = input.after;
      rules.push(rule);
      return rule;
    },
    clear(): void {
      rules = [];
      globals.latencyMs = 0;
      globals.failRate = 0;
    },
    /** Consumes one use of every matching rule and says what to do with the request. */
    plan(method: string, pattern: string): FaultPlan {
      const matching = rules.filter((r) => (r.method === '*' || r.method === method) && r.pattern === pattern && !letThrough(r));
      for (const rule of matching) if (rule.times !== undefined) rule.times -= 1;
      rules = rules.filter((r) => r.times === undefined || r.times > 0);
      const statusRule = matching.find((r) => r.status !== undefined);
      const status = statusRule?.status ?? (globals.failRate > 0 && prng.next() < globals.failRate ? 503 : undefined);
      return {
        latencyMs: globals.latencyMs + Math.max(0, ...matching.map((r) => r.latencyMs ?? 0)),
        ...(status !== undefined ? { status } : {}),
        ...(statusRule?.retryAfter !== undefined ? { retryAfterSeconds: statusRule.retryAfter } : {}),
        hang: matching.some((r) => r.hang),
        hangAfterWrite: matching.some((r) => r.hangAfterWrite),
      };
    },
  };
}

export type Faults = ReturnType<typeof createFaults>;
