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
