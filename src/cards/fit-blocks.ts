/**
 * Fits translated units into Slack's per-surface budget (blocks and characters). Buttons are kept
 * first (a card whose Approve button fell off would be useless), then fixed content, then list
 * entries in order; a list that does not fit is cut after its first N entries and says
 * "Showing N of M" instead of Slack answering `invalid_blocks`.
 *
 * @see https://api.slack.com/reference/block-kit/blocks
 */
import type { ContextBlock, SlackBlock } from './block-kit.ts';
import { truncate } from './mrkdwn.ts';
import type { BlockUnit } from './translate-to-block-kit.ts';

export interface BlockBudget {
  maxBlocks: number;
  maxChars: number;
}

const noteMaxChars = 250;
/** Room kept for the one context block that reports what was left out. */
const noteReserve = { blocks: 1, chars: noteMaxChars + 40 };

/** Sum of the lengths of every string in a value: what Slack's size limits count, conservatively. */
export function countChars(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countChars(item), 0);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce((sum: number, v) => sum + countChars(v), 0);
  return 0;
}

/** Chooses the units that fit and returns their blocks in card order, with a note if any were cut. */
export function fitBlocks(units: readonly BlockUnit[], budget: BlockBudget): SlackBlock[] {
  const limit = { blocks: budget.maxBlocks - noteReserve.blocks, chars: budget.maxChars - noteReserve.chars };
  const used = { blocks: 0, chars: 0 };
  const kept = new Set<number>();
  const cutLists = new Set<string>();
  const tryKeep = (index: number): boolean => {
    const unit = units[index];
    if (!unit) return false;
    const chars = countChars(unit.blocks);
    if (used.blocks + unit.blocks.length > limit.blocks || used.chars + chars > limit.chars) return false;
    used.blocks += unit.blocks.length;
    used.chars += chars;
    kept.add(index);
    return true;
  };
  const order = [...units.keys()];
  order.filter((i) => units[i]?.kind === 'actions').forEach(tryKeep);
  order.filter((i) => units[i]?.kind === 'content' && !units[i].list).forEach(tryKeep);
  for (const i of order) {
    const key = units[i]?.list?.key;
    if (key === undefined || units[i]?.kind !== 'content' || cutLists.has(key)) continue;
    if (!tryKeep(i)) cutLists.add(key);
  }
  return assemble(units, kept, cutLists);
}

function assemble(units: readonly BlockUnit[], kept: ReadonlySet<number>, cutLists: ReadonlySet<string>): SlackBlock[] {
  const dropped = units.some((unit, i) => !kept.has(i) && unit.blocks.length > 0);
  if (!dropped) return units.flatMap((unit) => unit.blocks);
  const firstCut = [...cutLists][0];
  const lastOfCut = firstCut === undefined ? -1 : lastIndexOf(units, (u) => u.list?.key === firstCut);
  const notePosition = firstCut === undefined ? lastContentIndex(units) : lastOfCut;
  const note = noteBlock(units, kept, cutLists);
  const blocks: SlackBlock[] = [];
  units.forEach((unit, i) => {
    if (kept.has(i)) blocks.push(...unit.blocks);
    if (i === notePosition) blocks.push(note);
  });
  if (notePosition < 0) blocks.push(note);
  return blocks;
}

function noteBlock(units: readonly BlockUnit[], kept: ReadonlySet<number>, cutLists: ReadonlySet<string>): ContextBlock {
  const parts = [...cutLists].map((key) => {
    const entries = units.flatMap((u, i) => (u.list?.key === key ? [i] : []));
    const shown = entries.filter((i) => kept.has(i)).length;
    return `Showing ${shown} of ${units[entries[0] ?? 0]?.list?.total ?? entries.length}`;
  });
  const otherDropped = units.some((u, i) => !kept.has(i) && !u.list && u.blocks.length > 0);
  if (otherDropped) parts.push('some details are not shown in Slack');
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(parts.join('; '), noteMaxChars) }] };
}

function lastIndexOf(units: readonly BlockUnit[], predicate: (unit: BlockUnit) => boolean): number {
  for (let i = units.length - 1; i >= 0; i -= 1) {
    const unit = units[i];
    if (unit && predicate(unit)) return i;
  }
  return -1;
}

function lastContentIndex(units: readonly BlockUnit[]): number {
  return lastIndexOf(units, (unit) => unit.kind === 'content');
}
