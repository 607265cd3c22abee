import { z } from 'zod';
import type { Store } from '../store/index.ts';

const clockSchema = z.object({ now: z.string() });
const writesSchema = z.object({
  writes: z.array(z.object({ seq: z.number(), at: z.string(), method: z.string(), path: z.string(), query: z.record(z.string(), z.string()), body: z.unknown(), status: z.number().nullable() })),
});
const statsSchema = z.object({ requests: z.number(), http429: z.number(), byRoute: z.record(z.string(), z.number()) });

/** What the console's side panels show. */
export interface SandboxPanels {
  /** The sandbox clock, which the bot's scheduler follows; undefined against a real Pax8 account. */
  clock(): Promise<{ now: string } | undefined>;
  /** Moves the sandbox clock on by an ISO 8601 duration (`P1D`, `PT4H`). */
  advanceClock(duration: string): Promise<{ now: string }>;
  /** The newest audit entries, newest first. */
  audit(limit: number): Promise<readonly AuditLine[]>;
  /** The newest write requests the sandbox received, newest first, and its request counters. */
  pax8Calls(limit: number): Promise<{ writes: readonly z.infer<typeof writesSchema>['writes'][number][]; stats: z.infer<typeof statsSchema> } | undefined>;
}

export interface AuditLine {
  readonly at: string;
  readonly action: string;
  readonly actor: string | undefined;
  readonly platform: string | undefined;
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly requestId: string | undefined;
  readonly reason: string | undefined;
}

/**
 * The clock, audit and Pax8-calls panels, read through the sandbox's admin API (`/__sandbox/clock`,
 * `/__sandbox/writes`, `/__sandbox/stats`) and the store's audit log, so the page never talks to the
 * sandbox itself and the console keeps working when the sandbox is on another port.
 */
export function createSandboxPanels(options: {
  sandboxUrl: string | undefined;
  store: Pick<Store, 'audit'>;
  /** Called after the clock moved, before the page is answered: the bot then already follows it. */
  syncClock?: (() => Promise<void>) | undefined;
}): SandboxPanels {
  const { sandboxUrl, store } = options;
  async function admin<T>(path: string, schema: z.ZodType<T>, init?: RequestInit): Promise<T> {
    const response = await fetch(`${sandboxUrl ?? ''}/__sandbox/${path}`, init);
    if (!response.ok) throw new Error(`sandbox ${path}: HTTP ${response.status} ${await response.text()}`);
    return schema.parse(await response.json());
  }
  return {
    clock: async () => (sandboxUrl ? admin('clock', clockSchema) : undefined),
    async advanceClock(duration) {
      if (!sandboxUrl) throw new Error('the clock can only be moved on the built-in sandbox');
      const moved = await admin('clock', clockSchema, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: duration }) });
      await options.syncClock?.();
      return moved;
    },
    async audit(limit) {
      const entries = await store.audit.list();
      return entries
        .slice(-limit)
        .reverse()
        .map((e) => ({ at: e.at.toISOString(), action: e.action, actor: e.actorEmail, platform: e.platform, from: e.fromState, to: e.toState, requestId: e.requestId, reason: e.reason }));
    },
    async pax8Calls(limit) {
      if (!sandboxUrl) return undefined;
      const [{ writes }, stats] = await Promise.all([admin('writes', writesSchema), admin('stats', statsSchema)]);
      return { writes: writes.slice(-limit).reverse(), stats };
    },
  };
}
