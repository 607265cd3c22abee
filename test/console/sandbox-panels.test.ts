import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxPanels } from '../../src/console/sandbox-panels.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import { createFollowingClock, type FollowingClock } from '../../src/util/create-following-clock.ts';

/** The part of the store the panels read, in memory: no audit entries, these scheduled requests. */
function storeWith(scheduled: { id: string; summary: string; runAt: Date | undefined }[]) {
  const requests = scheduled.map((r) => ({ ...r, state: 'scheduled' as const }));
  return {
    audit: { list: () => Promise.resolve([]) },
    requests: { list: (filter: { states?: readonly string[] }) => Promise.resolve(requests.filter((r) => filter.states?.includes(r.state) ?? true)) },
  } as never;
}

describe('the console clock panel', () => {
  let sandbox: Sandbox;
  let clock: FollowingClock;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, companies: 2 });
    // A poll far longer than the test: only an explicit sync can move this clock.
    clock = await createFollowingClock(sandbox.url, { pollMs: 3_600_000 });
  });
  afterAll(async () => {
    clock.stop();
    await sandbox.close();
  });

  it('answers only once the bot follows the moved clock, so the next request uses the new time', async () => {
    const panels = createSandboxPanels({ sandboxUrl: sandbox.url, store: storeWith([]), syncClock: () => clock.sync() });
    const before = clock.now().getTime();
    const moved = await panels.advanceClock('P1D');
    expect(Date.parse(moved.now) - before).toBeGreaterThanOrEqual(86_400_000);
    expect(clock.now().getTime() - before).toBeGreaterThanOrEqual(86_400_000);
  });

  it('jumps to the time the first scheduled change runs, and the bot follows', async () => {
    const now = clock.now().getTime();
    const first = { id: 'r-first', summary: 'Remove 1 seat from Keeper Business at renewal', runAt: new Date(now + 12 * 86_400_000) };
    const later = { id: 'r-later', summary: 'Remove 2 seats at renewal', runAt: new Date(now + 40 * 86_400_000) };
    const panels = createSandboxPanels({ sandboxUrl: sandbox.url, store: storeWith([later, first]), syncClock: () => clock.sync() });
    expect(await panels.nextScheduled()).toEqual({ requestId: 'r-first', summary: first.summary, runAt: first.runAt.toISOString() });
    const jumped = await panels.jumpToNextScheduled();
    expect(jumped?.change.requestId).toBe('r-first');
    expect(Date.parse(jumped?.now ?? '')).toBeGreaterThanOrEqual(first.runAt.getTime());
    expect(Date.parse(jumped?.now ?? '')).toBeLessThan(first.runAt.getTime() + 60_000);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(first.runAt.getTime());
  });

  it('never moves the clock back for a change already due, and has nothing to jump to when nothing is scheduled', async () => {
    const before = Date.parse((await (await fetch(`${sandbox.url}/__sandbox/clock`)).json() as { now: string }).now);
    const due = { id: 'r-due', summary: 'Due already', runAt: new Date(before - 86_400_000) };
    const panels = createSandboxPanels({ sandboxUrl: sandbox.url, store: storeWith([due]), syncClock: () => clock.sync() });
    const answer = await panels.jumpToNextScheduled();
    expect(answer?.change.requestId).toBe('r-due');
    expect(Date.parse(answer?.now ?? '')).toBeGreaterThanOrEqual(before);
    const idle = createSandboxPanels({ sandboxUrl: sandbox.url, store: storeWith([{ id: 'r-none', summary: 'no time', runAt: undefined }]), syncClock: () => clock.sync() });
    expect(await idle.nextScheduled()).toBeUndefined();
    expect(await idle.jumpToNextScheduled()).toBeUndefined();
  });
});
