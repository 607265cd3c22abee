import { z } from 'zod';
import type { Store } from '../store/index.ts';
import { countWrites, describeWrites, idsNamedBy, lookedUpRecordSchema, sandboxWriteSchema, type WriteLine } from './describe-writes.ts';

const clockSchema = z.object({ now: z.string() });
const writesSchema = z.object({ writes: z.array(sandboxWriteSchema) });
const statsSchema = z.object({ requests: z.number(), http429: z.number(), byRoute: z.record(z.string(), z.number()) });
// A record of a kind this console does not know (a newer sandbox) is skipped, not an error.
const lookupSchema = z.object({ records: z.array(z.unknown()) });

/** What the console's side panels show. */
export interface SandboxPanels {
  /** The sandbox clock, which the bot's scheduler follows; undefined against a real Pax8 account. */
  clock(): Promise<{ now: string } | undefined>;
  /** Moves the sandbox clock on by an ISO 8601 duration (`P1D`, `PT4H`). */
  advanceClock(duration: string): Promise<{ now: string }>;
  /** The scheduled change that runs first (state `scheduled`, earliest `runAt`); undefined when none is. */
  nextScheduled(): Promise<ScheduledChange | undefined>;
  /**
   * Moves the sandbox clock to the time the next scheduled change runs, so the scheduler runs it
   * within seconds; never backwards (a change already due is left to run now). Undefined when
   * nothing is scheduled.
   */
  jumpToNextScheduled(): Promise<{ now: string; change: ScheduledChange } | undefined>;
  /** The newest audit entries, newest first. */
  audit(limit: number): Promise<readonly AuditLine[]>;
  /**
   * The newest writes the sandbox received, newest first, named and explained (see
   * {@link describeWrites}), how many there were, and the sandbox's request counters.
   */
  pax8Calls(limit: number): Promise<Pax8Calls | undefined>;
}

/** A change approved to run later (in its renewal window), as the clock panel names it. */
export interface ScheduledChange {
  readonly requestId: string;
  readonly summary: string;
  readonly runAt: string;
}

/** What the Pax8 writes panel shows. */
export interface Pax8Calls {
  readonly writes: readonly WriteLine[];
  /** Writes that reached Pax8 (a request sent again after a 401 counts once), and dry runs. */
  readonly counts: { readonly writes: number; readonly dryRuns: number };
  /** Requests to the partner API in all (token and reads included) and how many were answered 429. */
  readonly stats: { readonly requests: number; readonly http429: number };
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
 * `/__sandbox/writes`, `/__sandbox/stats`, `/__sandbox/lookup`) and the store (audit log, scheduled
 * requests), so the page never talks to the sandbox itself and the console keeps working when the
 * sandbox is on another port.
 */
export function createSandboxPanels(options: {
  sandboxUrl: string | undefined;
  store: Pick<Store, 'audit' | 'requests'>;
  /** Called after the clock moved, before the page is answered: the bot then already follows it. */
  syncClock?: (() => Promise<void>) | undefined;
}): SandboxPanels {
  const { sandboxUrl, store } = options;
  async function admin<T>(path: string, schema: z.ZodType<T>, init?: RequestInit): Promise<T> {
    const response = await fetch(`${sandboxUrl ?? ''}/__sandbox/${path}`, init);
    if (!response.ok) throw new Error(`sandbox ${path}: HTTP ${response.status} ${await response.text()}`);
    return schema.parse(await response.json());
  }
  async function nextScheduled(): Promise<ScheduledChange | undefined> {
    const scheduled = await store.requests.list({ states: ['scheduled'], limit: 1_000 });
    const [first] = scheduled.flatMap((r) => (r.runAt ? [{ requestId: r.id, summary: r.summary, runAt: r.runAt.toISOString() }] : [])).sort((a, b) => a.runAt.localeCompare(b.runAt));
    return first;
  }
  return {
    clock: async () => (sandboxUrl ? admin('clock', clockSchema) : undefined),
    async advanceClock(duration) {
      if (!sandboxUrl) throw new Error('the clock can only be moved on the built-in sandbox');
      const moved = await admin('clock', clockSchema, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: duration }) });
      await options.syncClock?.();
      return moved;
    },
    nextScheduled,
    async jumpToNextScheduled() {
      const change = await nextScheduled();
      if (!change) return undefined;
      if (!sandboxUrl) throw new Error('the clock can only be moved on the built-in sandbox');
      const { now } = await admin('clock', clockSchema);
      if (Date.parse(change.runAt) <= Date.parse(now)) return { now, change };
      const moved = await admin('clock', clockSchema, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ set: change.runAt }) });
      await options.syncClock?.();
      return { now: moved.now, change };
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
      // Counted over the whole log; named only for the lines shown.
      const all = describeWrites(writes, [], writes.length);
      const shown = new Set(all.slice(0, limit).map((line) => line.seq));
      const ids = idsNamedBy(writes.filter((w) => shown.has(w.seq)));
      const found = ids.length === 0 ? [] : (await admin(`lookup?${new URLSearchParams(ids.map((id): [string, string] => ['id', id])).toString()}`, lookupSchema)).records;
      const records = found.flatMap((r) => {
        const parsed = lookedUpRecordSchema.safeParse(r);
        return parsed.success ? [parsed.data] : [];
      });
      return { writes: describeWrites(writes, records, limit), counts: countWrites(all), stats: { requests: stats.requests, http429: stats.http429 } };
    },
  };
}
