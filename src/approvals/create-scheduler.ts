import type { WorkItem } from '../store/scheduled-work-store.ts';
import type { ApprovalEvent } from './approval-events.ts';
import { type EngineContext, move, systemActor } from './engine-context.ts';
import { executeRequest } from './execute-request.ts';
import { recoverRequests } from './resolve-request.ts';

/** The background loop: `tick()` does one pass (tests call it), `start`/`stop` repeat it. */
export interface Scheduler {
  tick(): Promise<ApprovalEvent[]>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

/**
 * Expires requests, emits reminders, runs scheduled changes inside their renewal window, and
 * recovers abandoned or uncertain executions. Due work is claimed with `FOR UPDATE SKIP LOCKED`
 * and a lease, so replicas share it; every action is itself a CAS, so a repeat does nothing.
 */
export function createScheduler(ctx: EngineContext, emit: (events: readonly ApprovalEvent[]) => void): Scheduler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function tick(): Promise<ApprovalEvent[]> {
    const events: ApprovalEvent[] = [];
    for (const item of await ctx.store.work.claimDue(ctx.clock.now(), ctx.leaseMs)) {
      try {
        events.push(...(await runItem(ctx, item)));
        await ctx.store.work.done(item.id, ctx.clock.now());
      } catch (error) {
        ctx.log.warn({ requestId: item.requestId, work: item.kind, err: error }, 'scheduled work failed; it will be retried when its lease ends');
      }
    }
    events.push(...(await recoverRequests(ctx)));
    emit(events);
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
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
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
  if (request.state !== 'scheduled') return [];
  if (request.windowEnd && now >= request.windowEnd) {
    const missed = await move(ctx, { request, to: 'failed', actor: systemActor, reason: `the renewal window ended ${request.windowEnd.toISOString()} before the change could run` });
    return missed ? [missed.event] : [];
  }
  return (await executeRequest(ctx, request)).events;
}
