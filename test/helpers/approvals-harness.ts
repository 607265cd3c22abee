import { configFileSchema } from '../../src/config-file.ts';
import type { ApprovalPolicy } from '../../src/approvals/approval-policy.ts';
import { type ApprovalsEngine, createApprovalsEngine } from '../../src/approvals/create-approvals-engine.ts';
import type { ApprovalEvent } from '../../src/approvals/approval-events.ts';
import type { Pax8Port } from '../../src/approvals/pax8-port.ts';
import { createSilentLogger } from '../../src/log.ts';
import type { Store } from '../../src/store/open-store.ts';
import type { Clock } from '../../src/util/clock.ts';

/** A policy from config-file input, with the file's defaults filled in. */
export function testPolicy(overrides: { roles?: Record<string, string[]>; approvals?: Record<string, unknown> } = {}): ApprovalPolicy {
  const file = configFileSchema.parse({
    roles: { admins: ['admin@msp.example'], approvers: ['ann@msp.example', 'bob@msp.example', 'cat@msp.example'], requesters: ['*'], ...overrides.roles },
    approvals: { secondApproverAbove: 1000, ...overrides.approvals },
  });
  return { roles: file.roles, approvals: file.approvals };
}

export const rita = { email: 'rita@msp.example', platform: 'slack', userId: 'U_RITA', displayName: 'Rita' };
export const actor = (email: string) => ({ email, platform: 'teams' });

/** An engine over `store` and `pax8`, collecting every event it emits. */
export function testEngine(o: { store: Store; pax8: Pax8Port; clock: Clock; policy?: ApprovalPolicy; instanceId?: string; leaseMs?: number; skewMs?: number }) {
  const events: ApprovalEvent[] = [];
  const engine: ApprovalsEngine = createApprovalsEngine({
    store: o.store,
    pax8: o.pax8,
    clock: o.clock,
    policy: o.policy ?? testPolicy(),
    log: createSilentLogger(),
    ...(o.instanceId ? { instanceId: o.instanceId } : {}),
    ...(o.leaseMs ? { leaseMs: o.leaseMs } : {}),
    ...(o.skewMs !== undefined ? { skewMs: o.skewMs } : {}),
  });
  engine.on((e) => events.push(e));
  return { engine, events };
}

let counter = 0;
/** A fresh subscription id per test, so tests sharing a database do not see each other's writes. */
export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;

/** The seats payload fields for a change from `from` to `to` seats, as the intent layer records it (`+N`/`-N`). */
export const seatChange = (from: number, to: number) => ({
  change: { mode: to >= from ? ('add' as const) : ('remove' as const), amount: Math.abs(to - from) },
  quotedQuantity: from,
});
