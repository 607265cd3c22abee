import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxPanels } from '../../src/console/sandbox-panels.ts';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.ts';
import { createFollowingClock, type FollowingClock } from '../../src/util/create-following-clock.ts';

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
    const panels = createSandboxPanels({ sandboxUrl: sandbox.url, store: { audit: { list: () => Promise.resolve([]) } } as never, syncClock: () => clock.sync() });
    const before = clock.now().getTime();
    const moved = await panels.advanceClock('P1D');
    expect(Date.parse(moved.now) - before).toBeGreaterThanOrEqual(86_400_000);
    expect(clock.now().getTime() - before).toBeGreaterThanOrEqual(86_400_000);
  });
});
