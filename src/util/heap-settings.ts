/**
 * How the bot's process asks V8 to size its heap: for a server that idles most of the day and
 * answers bursts, not V8's defaults for a short, busy program. Measured with `bench:teams` and
 * `bench:slack` (a Teams-enabled bot on PGlite, 200 concurrent activities): idle RSS 215–229 → 175 MB
 * and peak 403–447 → 268–285 MB, latency unchanged.
 *
 * - Start-up (loading botbuilder, Bolt, PGlite; migrating) keeps a great deal of what it allocates,
 *   which V8 takes as a reason to double its young generation twice, to 32 MB it then never gives
 *   back. While the bot starts, the young generation is held at its initial size; once it serves,
 *   it grows again as V8 sees fit (a burst of activities wants it).
 * - After a full collection V8 lets the old generation grow up to four times what is live before the
 *   next one; a burst of 200 turns then left 150 MB of garbage standing. The bot's live heap is small
 *   (about 50 MB), so it is collected after half as much again.
 *
 * Both are V8 settings read each time they are used (`v8.setFlagsFromString`), so they take effect
 * however the process was started: `npm start`, `npx pax8-chatops serve`, `node dist/cli.js`. A
 * setting given on node's command line or in `NODE_OPTIONS` (`--heap-growing-percent`,
 * `--semi-space-growth-factor`, `--max-semi-space-size`, `--min-semi-space-size`) is the operator's and wins.
 */
import { setFlagsFromString } from 'node:v8';

/** Old generation grows by this much of what is live before a full collection (V8's own rule: up to 300 %). */
export const oldGenerationGrowthPercent = 50;
/** V8's default for how much the young generation grows at a time. */
const youngGenerationGrowthFactor = 2;

export interface HeapSettings {
  /** The bot serves now: the young generation may grow again. */
  started(): void;
  /** The settings this process applied (none that its command line or `NODE_OPTIONS` gives). */
  readonly applied: readonly string[];
}

/** The V8 flags named on node's command line or in `NODE_OPTIONS`, as `--dashed-names`. */
function flagsGiven(execArgv: readonly string[], nodeOptions: string): Set<string> {
  return new Set(
    [...execArgv, ...nodeOptions.split(/\s+/)]
      .filter((arg) => arg.startsWith('--'))
      .map((arg) => (arg.split('=')[0] ?? arg).replaceAll('_', '-')),
  );
}

/** Applies the settings for a serving process; call before the bot's modules load, and `started()` once it serves. */
export function applyServerHeapSettings(execArgv: readonly string[], nodeOptions = '', setFlags: (flags: string) => void = setFlagsFromString): HeapSettings {
  const given = flagsGiven(execArgv, nodeOptions);
  const applied: string[] = [];
  const set = (flag: string) => {
    setFlags(flag);
    applied.push(flag);
  };
  if (!given.has('--heap-growing-percent')) set(`--heap-growing-percent=${oldGenerationGrowthPercent}`);
  const holdYoung = !['--semi-space-growth-factor', '--max-semi-space-size', '--min-semi-space-size'].some((flag) => given.has(flag));
  if (holdYoung) set('--semi-space-growth-factor=1');
  let released = false;
  return {
    applied,
    started() {
      if (!holdYoung || released) return;
      released = true;
      setFlags(`--semi-space-growth-factor=${youngGenerationGrowthFactor}`);
    },
  };
}
