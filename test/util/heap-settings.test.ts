/**
 * The V8 heap settings of a serving process (`src/util/heap-settings.ts`): which are applied, that
 * the operator's own win, and, in a real node process, that they do what they are for — the young
 * generation stays at its first size while the bot starts and grows again once it serves. (What
 * they save is measured by `bench:teams` and `bench:slack`, which print idle and peak RSS.)
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyServerHeapSettings, oldGenerationGrowthPercent } from '../../src/util/heap-settings.ts';

const recorder = () => {
  const flags: string[] = [];
  return { flags, set: (flag: string) => void flags.push(flag) };
};

describe('a serving process’s heap settings', () => {
  it('holds the young generation while starting, lets it grow once serving (once), and collects the old one sooner', () => {
    const r = recorder();
    const heap = applyServerHeapSettings([], '', r.set);
    expect(r.flags).toEqual([`--heap-growing-percent=${oldGenerationGrowthPercent}`, '--semi-space-growth-factor=1']);
    expect(heap.applied).toEqual(r.flags);
    heap.started();
    heap.started();
    expect(r.flags.slice(2)).toEqual(['--semi-space-growth-factor=2']);
  });

  it('leaves alone what node’s command line or NODE_OPTIONS sets, whichever spelling', () => {
    const r = recorder();
    const heap = applyServerHeapSettings(['--import', 'tsx', '--max-semi-space-size=8'], '--heap_growing_percent=20 --enable-source-maps', r.set);
    expect(r.flags).toEqual([]);
    heap.started();
    expect(r.flags).toEqual([]);
    const young = recorder();
    applyServerHeapSettings([], '--semi-space-growth-factor=4', young.set);
    expect(young.flags).toEqual([`--heap-growing-percent=${oldGenerationGrowthPercent}`]);
  });

  it('in a real process: the young generation stays small through a start that keeps what it allocates, and grows after', () => {
    const module = fileURLToPath(new URL('../../src/util/heap-settings.ts', import.meta.url));
    const script = `
      import v8 from 'node:v8';
      const { applyServerHeapSettings } = await import(${JSON.stringify(module)});
      const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
      // Allocation most of which survives a while, as loading modules and migrating is.
      const churn = () => { const keep = []; for (let i = 0; i < 1_500_000; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 300_000) keep.splice(0, 100_000); } };
      const heap = applyServerHeapSettings(process.execArgv, '');
      churn();
      const starting = young();
      heap.started();
      churn();
      console.log(JSON.stringify({ starting, serving: young() }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    const { starting, serving } = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { starting: number; serving: number };
    // V8 starts the young generation at two 1 MB semi-spaces and, left alone, doubles it to 32 MB on such a start.
    expect(starting).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(serving).toBeGreaterThan(starting);
  });
});
