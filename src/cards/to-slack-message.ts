/**
 * A Slack message (`{ text, blocks }`) from an expanded card, within every Slack limit.
 *
 * @see https://api.slack.com/methods/chat.postMessage
 * @see https://api.slack.com/reference/block-kit/blocks
 */
import type { AdaptiveCard } from './adaptive-card.ts';
import type { SlackMessage } from './block-kit.ts';
import { fallbackText } from './fallback-text.ts';
import { fitBlocks } from './fit-blocks.ts';
import { slackLimits } from './slack-limits.ts';
import { translateToBlockKit } from './translate-to-block-kit.ts';

export interface SlackMessageOptions {
  /** Notification text; defaults to the card's `fallbackText` or first line. */
  text?: string;
}

/**
 * Translates a card for a Slack message. Inputs are left out (Slack submits inputs from modals;
 * the adapter opens one with {@link toSlackModal} when a button needs them).
 */
export function toSlackMessage(card: AdaptiveCard, options: SlackMessageOptions = {}): SlackMessage {
  const text = fallbackText(card, options.text);
  const units = translateToBlockKit(card, 'message');
  const blocks = fitBlocks(units, { maxBlocks: slackLimits.messageBlocks, maxChars: slackLimits.messageChars - text.length });
  return { text, blocks };
}
