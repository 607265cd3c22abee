import type { ApprovalRequest } from '../store/approval-request.ts';
import type { WorkItem } from '../store/scheduled-work-store.ts';
import type { ApprovalEvent } from './approval-events.ts';
import { type EngineContext, move, systemActor, utcText } from './engine-context.ts';
import { parseStoredPayload } from './kind-definition.ts';
import { executeRequest } from './execute-request.ts';
import { recoverRequests } from './resolve-request.ts';

/** Told, for each piece of due work the scheduler takes, how many seconds after its run time it was taken (for `/metrics`). */
export type DueWorkObserver = (kind: WorkItem['kind'], lateSeconds: number) => void;

/** The background loop: `tick()` does one pass (tests call it), `start`/`stop` repeat it. */
export interface Scheduler {
  tick(): Promise<ApprovalEvent[]>;
  start(intervalMs: number): void;
  /** Runs a pass now, after any pass already running (work was just made due, e.g. a watch by a Pax8 event). */
  nudge(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Adds work to every pass, run after the approvals' own (the scheduled digests). It gets the same
   * clock; replicas all run it, so it must claim what it does in the store. A failure is logged.
   */
  addPass(name: string, pass: () => Promise<unknown>): void;
}

/**
 * Expires requests, emits reminders, runs scheduled changes inside their renewal window, and
 * recovers abandoned or uncertain executions. Due work is claimed with `FOR UPDATE SKIP LOCKED`
 * and a lease, so replicas share it; every action is itself a CAS, so a repeat does nothing.
 */
export function createScheduler(ctx: EngineContext, emit: (events: readonly ApprovalEvent[]) => void, onDueWork?: DueWorkObserver): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const passes: { readonly name: string; readonly pass: () => Promise<unknown> }[] = [];

  async function tick(): Promise<ApprovalEvent[]> {
    const events: ApprovalEvent[] = [];
    const claimedAt = ctx.clock.now();
    for (const item of await ctx.store.claimDueWork(claimedAt, ctx.leaseMs)) {
      onDueWork?.(item.kind, Math.max(0, claimedAt.getTime() - item.runAt.getTime()) / 1000);
      try {
        events.push(...(await runItem(ctx, item)));
        await ctx.store.work.done(item.id, item.runAt);
      } catch (error) {
        ctx.log.warn({ requestId: item.requestId, work: item.kind, err: error }, 'scheduled work failed; it will be retried when its lease ends');
      }
    }
    events.push(...(await recoverRequests(ctx)));
    emit(events);
    for (const { name, pass } of passes) {
      await pass().catch((error: unknown) => ctx.log.error({ err: error, pass: name }, 'a scheduled pass failed; it runs again on the next one'));
    }
    return events;
  }

  return {
    tick,
    /** Runs a pass at once (so a restarted replica recovers what it left behind), then every `intervalMs`. */
    start(intervalMs) {
      if (timer) return;
      const pass = () => {
        running = running.then(tick).catch((error: unknown) => ctx.log.error({ err: error }, 'scheduler pass failed'));
      };
      pass();
      timer = setInterval(pass, intervalMs);
      timer.unref();
    },
    nudge() {
      const pass = running.then(tick).then(
        () => undefined,
        (error: unknown) => ctx.log.error({ err: error }, 'scheduler pass failed'),
      );
      running = pass;
      return pass;
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
    addPass(name, pass) {
      passes.push({ name, pass });
    },
  };
}

async function runItem(ctx: EngineContext, item: WorkItem): Promise<ApprovalEvent[]> {
  const request = await ctx.store.requests.get(item.requestId);
  if (!request) return [];
  const now = ctx.clock.now();
  if (item.kind === 'remind') {
    if (request.state !== 'pending' || now >= request.expiresAt) return [];
    await ctx.store.audit.append({ requestId: request.id, at: now, action: 'reminded', actorEmail: systemActor.email, role: systemActor.role, fromState: 'pending', toState: 'pending' });
    return [{ type: 'reminder', request }];
  }
  if (item.kind === 'expire') {
    if (request.state !== 'pending' || now < request.expiresAt) return [];
    const moved = await move(ctx, { request, to: 'expired', actor: systemActor, reason: 'no decision before the deadline' });
    return moved ? [moved.event] : [];
  }
  if (item.kind === 'watch') return watch(ctx, request);
  if (request.state === 'approved') return (await executeRequest(ctx, request)).events;
  if (request.state !== 'scheduled') return [];
  if (request.windowEnd && now >= request.windowEnd) {
    const missed = await move(ctx, { request, to: 'failed', actor: systemActor, reason: `Not done: the renewal window ended ${utcText(request.windowEnd)} before the change could run. Nothing was sent to Pax8.` });
    return missed ? [missed.event] : [];
  }
  const moved = await commitmentMoved(ctx, request);
  if (moved) {
    const stopped = await move(ctx, { request, to: 'failed', actor: systemActor, reason: `Not done: ${moved}. Nothing was sent to Pax8; ask again if the change is still wanted.` });
    return stopped ? [stopped.event] : [];
  }
  return (await executeRequest(ctx, request)).events;
}

/**
 * A scheduled change runs in the window it was scheduled for. If the commitment moved meanwhile
 * (the window is no longer open now), it says so instead of acting in a term nobody approved.
 * Undefined when it may run (or the window cannot be read now: the execution reads again anyway).
 */
async function commitmentMoved(ctx: EngineContext, request: ApprovalRequest): Promise<string | undefined> {
  const def = ctx.kinds.get(request.kind);
  if (!def?.checkWindow) return undefined;
  const window = await def.checkWindow(parseStoredPayload(def, request), { pax8: ctx.pax8.get(request.account), now: ctx.clock.now() }).catch(() => ({ ready: true }) as const);
  if (window.ready) return undefined;
  if (window.runAt === undefined) return window.reason;
  return `the commitment moved: its change window now opens ${utcText(window.runAt)}, not ${request.runAt ? utcText(request.runAt) : 'when it was scheduled'}`;
}

/** How long a done write's follow-up (provisioning) is watched, and how often. */
const watchForMs = 24 * 3_600_000;
const watchEveryMs = 5 * 60_000;

/** Reads again what a done write started; updates every card when Pax8's status changed. */
async function watch(ctx: EngineContext, request: ApprovalRequest): Promise<ApprovalEvent[]> {
  const def = ctx.kinds.get(request.kind);
  const result = request.result;
  if (!def?.followUp || request.state !== 'succeeded' || typeof result !== 'object' || result === null) return [];
  const now = ctx.clock.now();
  const seen = await def.followUp(parseStoredPayload(def, request), result as Record<string, unknown>, { pax8: ctx.pax8.get(request.account), now });
  const changed = JSON.stringify(seen.result) !== JSON.stringify(result);
  const updated = changed ? await ctx.store.requests.recordResult({ id: request.id, result: seen.result, now }) : undefined;
  const since = request.decidedAt ?? request.createdAt;
  if (!seen.settled && now.getTime() - since.getTime() < watchForMs) await ctx.store.work.put({ kind: 'watch', requestId: request.id, runAt: new Date(now.getTime() + watchEveryMs) });
  return updated ? [{ type: 'updated', request: updated }] : [];
}
