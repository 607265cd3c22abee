/**
 * The plain `text` every Slack message must carry next to its blocks: Slack shows it in
 * notifications and to screen readers, and warns when it is missing.
 *
 * @see https://api.slack.com/methods/chat.postMessage#arg_text
 */
import type { AdaptiveCard, CardElement } from './adaptive-card.ts';
import { toSlackPlainText } from './mrkdwn.ts';

/** Longest fallback we send; notifications show far less, and it counts towards the message size. */
export const fallbackTextMax = 500;

function firstText(elements: readonly CardElement[]): string | undefined {
  for (const element of elements) {
    if (element.type === 'TextBlock' && element.text.trim() !== '') return element.text;
    if (element.type === 'Container') {
      const inner = firstText(element.items);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/** The card's `fallbackText`, else its first text, as escaped plain text; never empty. */
export function fallbackText(card: AdaptiveCard, override?: string): string {
  const source = override ?? card.fallbackText ?? firstText(card.body ?? []) ?? 'Pax8 ChatOps';
  const text = toSlackPlainText(source, fallbackTextMax);
  return text === '' ? 'Pax8 ChatOps' : text;
}
