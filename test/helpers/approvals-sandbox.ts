import type { Pax8Port } from '../../src/approvals/pax8-port.ts';
import { createPax8Client, type Pax8Client, type Subscription } from '../../src/pax8/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { parseDuration } from '../../src/util/duration.ts';
import { Secret } from '../../src/util/secret.ts';

/** One write as the sandbox saw it (`GET /__sandbox/writes`). */
export interface SandboxWrite {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly status: number | null;
  readonly isMock?: boolean;
}

/**
 * A sandbox, a real Pax8 client on it (as the engine's port), and the sandbox's own clock for the
 * engine (in-process), so the bot and Pax8 agree on the time as they would in production: `advance`
 * moves it for both.
 */
export async function startApprovalsSandbox(o: { now: string; timeoutMs?: number; companies?: number }) {
  const sandbox: Sandbox = await startSandbox({ port: 0, seed: 7, companies: o.companies ?? 3, now: o.now });
  const clock = { now: () => sandbox.clock.now(), advance: (ms: number) => sandbox.clock.advance(ms) };
  const client = (timeoutMs = o.timeoutMs ?? 5_000): Pax8Client =>
    createPax8Client({
      baseUrl: sandbox.baseUrl,
      tokenUrl: sandbox.tokenUrl,
      audience: sandbox.audience,
      clientId: sandbox.clientId,
      clientSecret: new Secret(sandbox.clientSecret),
      timeoutMs,
      clock,
    });
  const admin = async (path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${sandbox.url}/__sandbox/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`sandbox admin ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    sandbox,
    clock,
    client,
    port: (timeoutMs?: number): Pax8Port => client(timeoutMs),
    async writes(filter: (w: SandboxWrite) => boolean = () => true): Promise<SandboxWrite[]> {
      const { writes } = (await admin('writes')) as { writes: SandboxWrite[] };
      return writes.filter(filter);
    },
    fault: (rule: Record<string, unknown>) => admin('faults', rule),
    advance(duration: string): Promise<void> {
      clock.advance(parseDuration(duration) ?? 0);
      return Promise.resolve();
    },
    /** A subscription matching `predicate`, read on its own (a single GET carries what a list leaves out). */
    async findSubscription(predicate: (s: Subscription) => boolean, exclude: ReadonlySet<string> = new Set()): Promise<Subscription> {
      const reader = client();
      for await (const listed of reader.subscriptions.list()) {
        if (exclude.has(listed.id)) continue;
        const s = await reader.subscriptions.get(listed.id);
        if (predicate(s)) return s;
      }
      throw new Error('no subscription in the sandbox matches');
    },
  };
}

export type ApprovalsSandbox = Awaited<ReturnType<typeof startApprovalsSandbox>>;
