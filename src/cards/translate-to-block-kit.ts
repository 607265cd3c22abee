/**
 * Expanded Adaptive Card → Block Kit, one small function per element type. The result is a list of
 * units (the blocks of one element, list item or action row) rather than a flat block list, so
 * {@link fitBlocks} can drop whole list items and say "showing N of M" when Slack's limits bite.
 *
 * A list is a `Container` whose `id` starts with `list:` (e.g. `"id": "list:companies"`): each of its
 * items is one entry. Templates mark their repeated rows that way.
 *
 * @see https://api.slack.com/reference/block-kit/blocks
 */
import type {
  AdaptiveCard,
  CardElement,
  ColumnSet,
  Container,
  FactSet,
  Image,
  RichTextBlock,
  TextBlock,
} from './adaptive-card.ts';
import type { SlackBlock } from './block-kit.ts';
import { escapeMrkdwn, slackLink, toMrkdwn, toPlainText, toSlackPlainText, truncateMrkdwn } from './mrkdwn.ts';
import { slackLimits } from './slack-limits.ts';
import { translateActions } from './translate-actions.ts';
import { translateInput } from './translate-input.ts';

/** Blocks of one element; `list` is set on the entries of a list, `actions` on button rows. */
export interface BlockUnit {
  blocks: SlackBlock[];
  kind: 'content' | 'actions';
  list?: { key: string; total: number };
}

export type Surface = 'message' | 'modal';

/** Prefix of the `id` of a Container whose items are list entries. */
export const listIdPrefix = 'list:';

/** Translates a card's body and actions; inputs appear only on the modal surface. */
export function translateToBlockKit(card: AdaptiveCard, surface: Surface): BlockUnit[] {
  const ctx: Translation = { surface, actionIds: new Set() };
  const body = (card.body ?? []).flatMap((element) => translateElement(element, ctx));
  const actions = translateActions(card.actions ?? [], ctx.actionIds).map((block): BlockUnit => ({ blocks: [block], kind: 'actions' }));
  return [...body, ...actions];
}

/** Where the card goes, and the `action_id`s its buttons have taken so far (unique in the message). */
interface Translation {
  readonly surface: Surface;
  readonly actionIds: Set<string>;
}

function translateElement(element: CardElement, ctx: Translation): BlockUnit[] {
  if (element.type === 'Container') return container(element, ctx);
  if (element.type === 'ActionSet') {
    return translateActions(element.actions, ctx.actionIds).map((block) => ({ blocks: [block], kind: 'actions' }));
  }
  const blocks = elementBlocks(element, ctx);
  if (blocks.length === 0) return [];
  return [{ blocks: element.separator === true ? [{ type: 'divider' }, ...blocks] : blocks, kind: 'content' }];
}

function elementBlocks(element: Exclude<CardElement, Container | { type: 'ActionSet' }>, ctx: Translation): SlackBlock[] {
  switch (element.type) {
    case 'TextBlock':
      return textBlock(element);
    case 'RichTextBlock':
      return richTextBlock(element);
    case 'FactSet':
      return factSet(element);
    case 'ColumnSet':
      return columnSet(element, ctx);
    case 'Image':
      return image(element);
    default: {
      const input = ctx.surface === 'modal' ? translateInput(element) : undefined;
      return input ? [input] : [];
    }
  }
}

function container(element: Container, ctx: Translation): BlockUnit[] {
  const divider: BlockUnit[] = element.separator === true ? [{ blocks: [{ type: 'divider' }], kind: 'content' }] : [];
  if (!element.id?.startsWith(listIdPrefix)) return [...divider, ...element.items.flatMap((item) => translateElement(item, ctx))];
  const list = { key: element.id, total: element.items.length };
  return [...divider, ...element.items.map((item): BlockUnit => ({
    blocks: translateElement(item, ctx).flatMap((u) => u.blocks),
    kind: 'content',
    list,
  }))];
}

function section(mrkdwn: string): SlackBlock[] {
  return mrkdwn.trim() === '' ? [] : [{ type: 'section', text: { type: 'mrkdwn', text: truncateMrkdwn(mrkdwn, slackLimits.sectionText) } }];
}

function context(mrkdwn: string): SlackBlock[] {
  return mrkdwn.trim() === '' ? [] : [{ type: 'context', elements: [{ type: 'mrkdwn', text: truncateMrkdwn(mrkdwn, slackLimits.contextText) }] }];
}

/** Headings become header blocks, subtle text a context block, the rest a mrkdwn section. */
function textBlock(element: TextBlock): SlackBlock[] {
  const isHeading = element.style === 'heading' || element.size === 'large' || element.size === 'extraLarge';
  if (isHeading) {
    const text = toSlackPlainText(element.text, slackLimits.headerText);
    return text === '' ? [] : [{ type: 'header', text: { type: 'plain_text', text, emoji: true } }];
  }
  return element.isSubtle === true ? context(toMrkdwn(element.text)) : section(toMrkdwn(element.text));
}

/** Text runs are plain text with styling flags, so they are escaped, not converted. */
function richTextBlock(element: RichTextBlock): SlackBlock[] {
  const runs = element.inlines.map((run) => {
    if (typeof run === 'string') return escapeMrkdwn(run);
    let text = escapeMrkdwn(run.text);
    if (text.trim() === '') return text;
    if (run.weight === 'bolder') text = `*${text}*`;
    if (run.italic === true) text = `_${text}_`;
    if (run.strikethrough === true) text = `~${text}~`;
    const link = run.selectAction;
    return link?.type === 'Action.OpenUrl' ? slackLink(link.url, text) : text;
  });
  const allSubtle = element.inlines.every((run) => typeof run !== 'string' && run.isSubtle === true);
  return allSubtle ? context(runs.join('')) : section(runs.join(''));
}

/** Facts become section fields, at most 10 per section and 2000 characters per field. */
function factSet(element: FactSet): SlackBlock[] {
  const fields = element.facts.map((fact) => ({
    type: 'mrkdwn' as const,
    text: truncateMrkdwn(`*${escapeMrkdwn(toPlainText(fact.title))}*\n${toMrkdwn(fact.value)}`, slackLimits.sectionFieldText),
  }));
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < fields.length; i += slackLimits.sectionFields) {
    blocks.push({ type: 'section', fields: fields.slice(i, i + slackLimits.sectionFields) });
  }
  return blocks;
}

/**
 * A row of text columns (the usual list row) stays one block: one-line columns become one line
 * (`name · quantity · price`), multi-line columns become section fields, which Slack lays out side
 * by side. Columns holding anything else are laid out one after the other, as Slack has no columns.
 */
function columnSet(element: ColumnSet, ctx: Translation): SlackBlock[] {
  const columns = element.columns ?? [];
  const items = columns.flatMap((column) => column.items ?? []);
  if (!items.every((item) => item.type === 'TextBlock')) {
    return items.flatMap((item) => translateElement(item, ctx).flatMap((u) => u.blocks));
  }
  const cells = columns
    .map((column) => (column.items ?? []).map((item) => (item.type === 'TextBlock' ? toMrkdwn(item.text) : '')).filter((t) => t.trim() !== ''))
    .filter((lines) => lines.length > 0);
  if (cells.every((lines) => lines.length === 1)) return section(cells.map((lines) => lines.join('')).join('  ·  '));
  const fields = cells.slice(0, slackLimits.sectionFields).map((lines) => ({
    type: 'mrkdwn' as const,
    text: truncateMrkdwn(lines.join('\n'), slackLimits.sectionFieldText),
  }));
  return [{ type: 'section', fields }];
}

/** Slack fetches images itself, so only http(s) urls can be shown; anything else shows its alt text. */
function image(element: Image): SlackBlock[] {
  const alt = toSlackPlainText(element.altText ?? '', slackLimits.imageAltText) || 'image';
  if (!/^https?:\/\//.test(element.url) || element.url.length > slackLimits.imageUrl) return context(alt);
  return [{ type: 'image', image_url: element.url, alt_text: alt }];
}
