import { randomUUID } from 'node:crypto';
import type { Logger } from '../log.ts';
import type { ApprovalRequest, RequestState } from '../store/approval-request.ts';
import type { Store } from '../store/open-store.ts';
import type { Clock } from '../util/clock.ts';
import { type ApprovalEvent, type ApprovalListener, createEventHub } from './approval-events.ts';
import type { ApprovalPolicy } from './approval-policy.ts';
import { createScheduler, type DueWorkObserver, type Scheduler } from './create-scheduler.ts';
import { approveRequest, cancelRequest, denyRequest } from './decide-request.ts';
import type { DecisionInput, DecisionResult, SubmitInput, SubmitResult } from './decision-result.ts';
import type { EngineContext } from './engine-context.ts';
import { AppError } from '../errors.ts';
import { type KindRegistry, type TenantSeatsReader, tenantSeatsOver } from './kind-definition.ts';
import { standardKinds } from './kinds/index.ts';
import type { Pax8Port } from './pax8-port.ts';
import { recoverRequests, resolveRequest } from './resolve-request.ts';
import { submitRequest } from './submit-request.ts';
import { resumeRequest } from './resume-request.ts';
import { sendNewPassword } from './send-new-password.ts';
import type { GraphClient } from '../microsoft/index.ts';

export interface ApprovalsEngineDeps {
  readonly store: Store;
  /** The default Pax8 account. */
  readonly pax8: Pax8Port;
  /** Every configured account by name (`pax8.instances`); a request naming one is executed there. */
  readonly accounts?: { get(name: string): Pax8Port; readonly names: readonly string[] };
  readonly policy: ApprovalPolicy;
  readonly clock: Clock;
  readonly log: Logger;
  readonly kinds?: KindRegistry;
  readonly instanceId?: string;
  /** Default 2 minutes: longer than any Pax8 call (the client times out first). */
  readonly leaseMs?: number;
  /** Default 10 minutes. */
  readonly settleAfterMs?: number;
  /** How far Pax8's clock may be from ours when its records are matched with an attempt; default 1 minute. */
  readonly skewMs?: number;
  /** How long an execution waits for another one on the same subscription or company; default 20 s. */
  readonly targetWaitMs?: number;
  readonly newId?: () => string;
  /** Told how late each piece of due work was taken (scheduler lag), for `/metrics`. */
  readonly onDueWork?: DueWorkObserver;
  /** Graph per customer tenant for multi-step requests' steps (the Microsoft client); absent without Microsoft credentials. */
  readonly microsoft?: { forTenant(tenant: string): GraphClient } | undefined;
  /** The customers' tenants, read-only (a seat reduction that keeps assigned seats reads them when it runs). */
  readonly tenants?: TenantSeatsReader | undefined;
}

/** The approvals engine: submit and decide, execute once, resolve by reading, schedule, tell. */
export interface ApprovalsEngine {
  submit(input: SubmitInput): Promise<SubmitResult>;
  approve(input: DecisionInput): Promise<DecisionResult>;
  deny(input: DecisionInput & { readonly reason: string }): Promise<DecisionResult>;
  cancel(input: DecisionInput & { readonly reason?: string }): Promise<DecisionResult>;
  /** Withdraw a scheduled change before it starts (requester, approvers, admins). */
  withdraw(input: DecisionInput & { readonly reason?: string }): Promise<DecisionResult>;
  /** Resume a multi-step request that stopped part-way (`failed → approved`, approvers): runs only the steps not done. */
  resume(input: DecisionInput): Promise<DecisionResult>;
  /**
   * "New password" for the user an onboarding created when its temporary password is known to
   * nobody (requester or approvers): sent once, only to the requester privately.
   */
  newPassword(input: DecisionInput): Promise<DecisionResult>;
  get(requestId: string): Promise<ApprovalRequest | undefined>;
  list(filter?: { states?: readonly RequestState[]; requesterEmail?: string; limit?: number }): Promise<ApprovalRequest[]>;
  /** Resolve one `unknown` request now by reading Pax8. */
  resolve(requestId: string): Promise<ApprovalRequest | undefined>;
  /** Run at start: settle abandoned `executing`, stuck `approved` and `unknown` requests. */
  recover(): Promise<ApprovalEvent[]>;
  /**
   * Runs a done write's follow-up (the provisioning watch) now instead of at its next look, through
   * the scheduler like every watch: Pax8 said the subscription changed. False when the request has
   * no watch open (nothing to follow, or already settled).
   */
  followUpNow(requestId: string): Promise<boolean>;
  /** Subscribe to events; returns the unsubscribe function. */
  on(listener: ApprovalListener): () => void;
  readonly scheduler: Scheduler;
  readonly kinds: KindRegistry;
}

/**
 * Builds the engine. All state lives in the store, so any number of engines (replicas) may share one
 * database; each call also returns its `events`, which are emitted to listeners as well.
 */
export function createApprovalsEngine(deps: ApprovalsEngineDeps): ApprovalsEngine {
  const ctx: EngineContext = {
    store: deps.store,
    pax8: {
      get(account) {
        if (account === undefined) return deps.pax8;
        if (!deps.accounts?.names.includes(account)) throw new UnknownAccountError(account);
        return deps.accounts.get(account);
      },
      has: (account) => deps.accounts?.names.includes(account) ?? false,
    },
    policy: deps.policy,
    clock: deps.clock,
    log: deps.log,
    kinds: deps.kinds ?? standardKinds(),
    instanceId: deps.instanceId ?? randomUUID(),
    leaseMs: deps.leaseMs ?? 120_000,
    settleAfterMs: deps.settleAfterMs ?? 600_000,
    skewMs: deps.skewMs ?? 60_000,
    targetWaitMs: deps.targetWaitMs ?? 20_000,
    newId: deps.newId ?? randomUUID,
    microsoft: deps.microsoft,
    tenants: deps.tenants ?? (deps.microsoft && tenantSeatsOver((tenant) => deps.microsoft!.forTenant(tenant))),
  };
  const hub = createEventHub((error) => deps.log.error({ err: error }, 'an approvals event listener threw'));
  const emitting = async <R extends object>(work: Promise<R>): Promise<R> => {
    const result = await work;
    if ('events' in result && Array.isArray(result.events)) hub.emit(result.events as ApprovalEvent[]);
    return result;
  };
  const scheduler = createScheduler(ctx, (events) => hub.emit(events), deps.onDueWork);
  return {
    submit: (input) => emitting(submitRequest(ctx, input)),
    approve: (input) => emitting(approveRequest(ctx, input)),
    deny: (input) => emitting(denyRequest(ctx, input)),
    cancel: (input) => emitting(cancelRequest(ctx, input)),
    withdraw: (input) => emitting(cancelRequest(ctx, input, ['scheduled'])),
    resume: (input) => emitting(resumeRequest(ctx, input)),
    newPassword: (input) => emitting(sendNewPassword(ctx, input)),
    get: (id) => ctx.store.requests.get(id),
    list: (filter) => ctx.store.requests.list(filter),
    async resolve(id) {
      const request = await ctx.store.requests.get(id);
      if (!request) return undefined;
      return (await emitting(resolveRequest(ctx, request))).request;
    },
    async recover() {
      const events = await recoverRequests(ctx);
      hub.emit(events);
      return events;
    },
    async followUpNow(requestId) {
      const open = (await ctx.store.work.forRequest(requestId)).some((w) => w.kind === 'watch');
      if (!open) return false;
      await ctx.store.work.put({ kind: 'watch', requestId, runAt: ctx.clock.now() });
      await scheduler.nudge();
      return true;
    },
    on: (listener) => hub.on(listener),
    scheduler,
    kinds: ctx.kinds,
  };
}

/** A request names a Pax8 account this bot is not configured for (the configuration changed since). */
export class UnknownAccountError extends AppError {
  readonly code = 'invalid_input';
  constructor(account: string) {
    super(`the Pax8 account "${account}" is not configured`);
  }
}
