/**
 * Reading the Adaptive Cards the bot sent to the fake Bot Connector, as a person reads them: the
 * card of a message, its inputs, every text it shows, and the problem a form shows under a field.
 */
import { expect, vi } from 'vitest';
import type { FakeTeamsMember, StoredActivity } from '../../src/fakes/bot-connector.ts';
import { personalMessage } from './teams-activities.ts';

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

/** What {@link detailsFormIn} needs of a Teams harness. */
interface FormHarness {
  readonly serviceUrl: string;
  post(activity: unknown): Promise<Response>;
  readonly connector: { messages(conversationId: string): StoredActivity[] };
}

/**
 * `who` types `command` in their personal chat (`chat`); the details form the bot answers with, as
 * it was sent (a copy: the fake Bot Connector changes a message in place when the bot updates it).
 */
export async function detailsFormIn(h: FormHarness, who: FakeTeamsMember, chat: string, command: string): Promise<StoredActivity> {
  expect((await h.post(personalMessage(h.serviceUrl, who, command))).status).toBe(200);
  return vi.waitFor(
    () => {
      const found = h.connector.messages(chat).find((m) => cardOf(m).actions?.some((a) => a.verb === 'submit_details'));
      if (!found) throw new Error('no form yet');
      return structuredClone(found);
    },
    { timeout: 20_000 },
  );
}

/** The card of request `requestId` in a conversation (the approvals channel), once posted: a copy as it was then. */
export function requestCardIn(h: Pick<FormHarness, 'connector'>, conversationId: string, requestId: string): Promise<StoredActivity> {
  return vi.waitFor(
    () => {
      const found = h.connector.messages(conversationId).find((m) => JSON.stringify(m.activity).includes(requestId));
      if (!found) throw new Error('no card of that request yet');
      return structuredClone(found);
    },
    { timeout: 20_000 },
  );
}
