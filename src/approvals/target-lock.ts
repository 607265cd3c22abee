import type { EngineContext } from './engine-context.ts';

const pollMs = 100;

/**
 * Runs `fn` while holding the execution lock of a Pax8 target (a subscription, a company's orders),
 * so executions and resolutions on one target take turns across replicas: each reads the state the
 * previous one left. Waits up to `targetWaitMs` for a turn; `{ ran: false }` if none came.
 */
export async function withTarget<T>(ctx: EngineContext, key: string, requestId: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  for (let waited = 0; ; waited += pollMs) {
    const now = ctx.clock.now();
    if (await ctx.store.locks.acquire({ key, requestId, now, until: new Date(now.getTime() + ctx.leaseMs) })) break;
    if (waited >= ctx.targetWaitMs) return { ran: false };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  try {
    return { ran: true, value: await fn() };
  } finally {
    await ctx.store.locks.release(key, requestId).catch((error: unknown) => ctx.log.warn({ err: error, key }, 'could not release an execution lock; it lapses with its lease'));
  }
}
