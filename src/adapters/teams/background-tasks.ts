import type { Logger } from '../../log.ts';

/**
 * Work that outlives the HTTP request that started it (updating a "working on it" message when
 * Pax8 answers). Teams wants the request answered within seconds, so this cannot be awaited in the
 * turn; it is tracked instead, its failure logged once, and `idle()` lets shutdown and tests wait.
 */
export function createBackgroundTasks(log: Logger) {
  const running = new Set<Promise<void>>();
  return {
    track(label: string, work: Promise<void>): void {
      const task = work
        .catch((error: unknown) => log.error({ err: error }, `could not ${label}`))
        .finally(() => running.delete(task));
      running.add(task);
    },
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

export type BackgroundTasks = ReturnType<typeof createBackgroundTasks>;

/**
 * Activity ids seen lately. Teams sends a message again when the bot has not answered within about
 * 15 s, with the same id; the second copy gets no second answer. (On another replica the approvals
 * engine's idempotency key still keeps it from opening a second request.)
 */
export function createRecentEvents(keepMs = 10 * 60_000, max = 10_000) {
  const seen = new Map<string, number>();
  return {
    /** True the first time `id` is offered within `keepMs`. */
    firstTime(id: string, now: number): boolean {
      for (const [key, at] of seen) {
        if (at > now - keepMs && seen.size < max) break;
        seen.delete(key);
      }
      if (seen.has(id)) return false;
      seen.set(id, now);
      return true;
    },
  };
}
