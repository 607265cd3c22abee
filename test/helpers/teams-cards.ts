/**
 * Reading the Adaptive Cards the bot sent to the fake Bot Connector, as a person reads them: the
 * card of a message, its inputs, every text it shows, and the problem a form shows under a field.
 */
import type { StoredActivity } from '../../src/fakes/bot-connector.ts';

export type CardElement = {
  type: string;
  id?: string;
  text?: string;
  label?: string;
  value?: string;
  isRequired?: boolean;
  color?: string;
  items?: CardElement[];
  choices?: { value: string }[];
  facts?: { title: string; value: string }[];
};
export type Card = { body?: CardElement[]; actions?: { verb?: string; data?: Record<string, unknown> }[]; msteams?: unknown };

/** The Adaptive Card a message carries ({} when none). */
export const cardOf = (m: StoredActivity | undefined): Card => (m?.activity.attachments as { content: Card }[] | undefined)?.[0]?.content ?? {};
/** Every element, containers' items included, in order. */
export const flat = (elements: CardElement[] = []): CardElement[] => elements.flatMap((e) => [e, ...flat(e.items)]);
export const inputsOf = (card: Card): CardElement[] => flat(card.body).filter((e) => e.type.startsWith('Input.'));
/** The card's body as one string (for "contains" checks). */
export const textOf = (card: Card): string => JSON.stringify(card.body ?? []);
/** Every text the card shows: text blocks, labels, choices and facts. */
export const shownTexts = (card: Card): string[] =>
  flat(card.body).flatMap((e) => [e.text, e.label, ...(e.facts ?? []).flatMap((f) => [f.title, f.value])].filter((t): t is string => typeof t === 'string'));

/** What a details form says under each field it refused: input key (without `detail__`) → problem. */
export function problemsOf(card: Card): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const container of flat(card.body).filter((e) => e.type === 'Container')) {
    const input = (container.items ?? []).find((e) => e.type.startsWith('Input.'));
    const problem = (container.items ?? []).find((e) => e.type === 'TextBlock' && e.color === 'attention');
    if (input?.id && problem?.text) problems[input.id.slice('detail__'.length)] = problem.text;
  }
  return problems;
}
