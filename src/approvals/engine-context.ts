import type { Logger } from '../log.ts';
import { dateTime } from '../views/format.ts';
import { type ApprovalRequest, type ChannelRef, peopleEntry, type RequestState } from '../store/approval-request.ts';
import type { Store, StoreTables } from '../store/open-store.ts';
import type { TransitionPatch } from '../store/request-store.ts';
import type { Clock } from '../util/clock.ts';
import type { ApprovalEvent } from './approval-events.ts';
import type { ApprovalPolicy } from './approval-policy.ts';
import type { KindRegistry, TenantSeatsReader } from './kind-definition.ts';
import type { Pax8Port } from './pax8-port.ts';
import type { GraphClient } from '../microsoft/index.ts';

/** Everything the engine's parts share; built once by `createApprovalsEngine`. */
/** The Pax8 accounts the engine may reach: each request's reads and writes go to its own. */
export interface Pax8Accounts {
  /** The port of the named account, or of the default one (a request made before accounts were recorded). */
  get(account: string | undefined): Pax8Port;
  has(account: string): boolean;
}

export interface EngineContext {
  readonly store: Store;
  readonly pax8: Pax8Accounts;
  readonly kinds: KindRegistry;
  readonly policy: ApprovalPolicy;
  readonly clock: Clock;
  readonly log: Logger;
  /** Names this replica in `executor`, to tell whose `executing` rows these are. */
  readonly instanceId: string;
  /** An `executing` row older than this is presumed abandoned (its owner died). */
  readonly leaseMs: number;
  /** How long a resolver waits for a sign of an uncertain write before concluding it was not applied. */
  readonly settleAfterMs: number;
  /** How far Pax8's clock and ours may disagree when a resolver matches Pax8's records with an attempt. */
  readonly skewMs: number;
  /** How long an execution waits for another one on the same target (subscription, company orders). */
  readonly targetWaitMs: number;
  readonly newId: () => string;
  /** Graph per customer tenant, for the steps of multi-step requests; absent without Microsoft credentials. */
  readonly microsoft?: { forTenant(tenant: string): GraphClient } | undefined;
  /** The customers' tenants, read-only, for executions that check them (a reduction keeping assigned seats). */
  readonly tenants?: TenantSeatsReader | undefined;
}

/** Who caused a transition, as the audit log records it. */
export interface Actor {
  readonly email: string;
  /** As the platform names them; remembered on the request so cards name people, not addresses. */
  readonly displayName?: string | undefined;
  readonly role: string;
  readonly platform?: string | undefined;
  readonly channel?: ChannelRef | undefined;
}

/** The engine itself (expiry, execution, resolution). */
export const systemActor: Actor = { email: 'system', role: 'system' };

/**
 * One audited compare-and-set: moves the request if it is still in the state and at the version it
 * was read with, appends the audit entry in the same transaction, and returns the event. Undefined
 * when the CAS lost.
 */
export async function moveRequest(
  tables: StoreTables,
  now: Date,
  m: {
    request: ApprovalRequest;
    to: RequestState;
    actor: Actor;
    reason?: string | undefined;
    patch?: TransitionPatch;
    /** Books the request's execution for this time, in the same transaction as the move. */
    executeAt?: Date | undefined;
  },
): Promise<{ request: ApprovalRequest; event: ApprovalEvent } | undefined> {
  const moved = await tables.requests.transition({
    id: m.request.id,
    from: [m.request.state],
    to: m.to,
    version: m.request.version,
    now,
    patch: { ...m.patch, ...(m.reason === undefined ? {} : { reason: m.reason }), ...namesOf(m.actor) },
  });
  if (!moved) return undefined;
  await tables.audit.append({
    requestId: moved.id,
    at: now,
    action: m.to,
    actorEmail: m.actor.email,
    role: m.actor.role,
    platform: m.actor.platform ?? m.actor.channel?.platform,
    channel: m.actor.channel?.id,
    reason: m.reason,
    fromState: m.request.state,
    toState: m.to,
    pax8Ids: moved.pax8Ids,
  });
  if (m.executeAt) await tables.work.put({ kind: 'execute', requestId: moved.id, runAt: m.executeAt });
  return { request: moved, event: { type: 'transition', request: moved, from: m.request.state, to: m.to, actor: m.actor.email, reason: m.reason } };
}

function namesOf(actor: Actor): { people?: Record<string, string> } {
  const entry = peopleEntry(actor);
  return entry ? { people: entry } : {};
}

/** `moveRequest` in its own transaction. */
export function move(ctx: EngineContext, m: Parameters<typeof moveRequest>[2]) {
  return ctx.store.transaction((tables) => moveRequest(tables, ctx.clock.now(), m));
}

/** The request as stored now (or as last seen, if it is gone): what a caller reports after losing a CAS. */
export async function reread(ctx: EngineContext, request: ApprovalRequest): Promise<ApprovalRequest> {
  return (await ctx.store.requests.get(request.id)) ?? request;
}

/** "2026-12-02 10:05 UTC": how the engine writes a time into a reason a person reads on the card (the cards' own format). */
export function utcText(at: Date): string {
  return dateTime(at.toISOString());
}

/**
 * When to try again after Pax8 refused without changing anything (429) or could not be read: 5
 * minutes, doubling with each attempt already made, at most 6 hours, never before `retryAfterMs`.
 */
export function retryAt(now: Date, attemptsSoFar: number, retryAfterMs = 0): Date {
  const backoff = Math.min(5 * 60_000 * 2 ** Math.max(0, attemptsSoFar - 1), 6 * 3_600_000);
  return new Date(now.getTime() + Math.max(backoff, retryAfterMs));
}
