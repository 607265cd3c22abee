import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { FakeSlackWebApi } from '../fakes/slack-web-api.ts';
import type { ConsoleTranscript } from './console-transcript.ts';
import type { DemoConversation, DemoPerson } from './demo-people.ts';
import type { ClickedButton, SlackDriver, SubmittedView } from './slack-driver.ts';
import type { ExecutedAction, TeamsDriver } from './teams-driver.ts';

/** The modals the fake Slack holds: the console plays Slack's part in applying a submission's answer. */
export type SlackModals = Pick<FakeSlackWebApi, 'view' | 'answerSubmission'>;

/** A Slack message body as the bot sends it in an ack or to a `response_url`. */
const slackReplySchema = z.object({
  text: z.string().optional(),
  blocks: z.array(z.unknown()).optional(),
  response_type: z.enum(['ephemeral', 'in_channel']).optional(),
  replace_original: z.union([z.boolean(), z.literal('true'), z.literal('false')]).optional(),
  delete_original: z.union([z.boolean(), z.literal('true'), z.literal('false')]).optional(),
});
const viewAckSchema = z.object({ response_action: z.string(), errors: z.record(z.string(), z.string()).optional() });
const invokeResponseSchema = z.object({ statusCode: z.number().optional(), type: z.string().optional(), value: z.unknown() });
const invokeErrorSchema = z.object({ message: z.string() });

/**
 * The invoke response types of Universal Actions: a card replaces the clicked card for the clicker;
 * a message or an error is shown beside the card, which stays as it was.
 *
 * @see https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards#response-format
 */
const invokeTypes = { card: 'application/vnd.microsoft.card.adaptive', message: 'application/vnd.microsoft.activity.message', error: 'application/vnd.microsoft.error' } as const;

/** What the Teams pane shows after a card action: the card the clicker now sees, or a line beside the card. */
export type TeamsActionAnswer = { status: number; card: unknown } | { status: number; message: string } | { status: number; error: string } | { status: number };

/** Reads the bot's answer to an `adaptiveCard/action` invoke the way Teams does. */
export function readInvokeAnswer(status: number, body: unknown): TeamsActionAnswer {
  const invoke = invokeResponseSchema.safeParse(body);
  if (invoke.success && invoke.data.type === invokeTypes.card) return { status, card: invoke.data.value };
  if (invoke.success && invoke.data.type === invokeTypes.message && typeof invoke.data.value === 'string') return { status, message: invoke.data.value };
  if (invoke.success && invoke.data.type === invokeTypes.error) {
    const error = invokeErrorSchema.safeParse(invoke.data.value);
    return { status, error: error.success ? error.data.message : `The bot could not take this (HTTP ${status}).` };
  }
  return status >= 400 ? { status, error: `The bot could not take this (HTTP ${status}).` } : { status };
}

/**
 * What a person does in the console, carried out the way the platform would: the typed text is
 * shown in the conversation, then sent through the Slack or Teams driver to the bot's own
 * endpoints; whatever the bot answers at once (a slash command's ack, an invoke response, a
 * `response_url` reply) is shown where that platform would show it.
 */
export function createConsoleActions(options: { transcript: ConsoleTranscript; slack: SlackDriver; teams: TeamsDriver; slackModals: SlackModals }) {
  const { transcript, slack, teams, slackModals } = options;
  const views = new Map<string, { person: string; view: SubmittedView }>();
  let sequence = 0;
  const slackTs = () => `${Math.floor(Date.now() / 1000)}.${String((sequence += 1)).padStart(6, '0')}`;

  function showModal(person: string, view: SubmittedView): void {
    views.set(view.id, { person, view });
    transcript.openModal({ platform: 'slack', person, viewId: view.id, view });
  }

  function showSlackReply(person: string, conversationId: string, body: unknown, original?: string): void {
    const reply = slackReplySchema.safeParse(body);
    if (!reply.success || (reply.data.text === undefined && reply.data.blocks === undefined && !isTrue(reply.data.delete_original))) return;
    const { text = '', blocks } = reply.data;
    if (original && isTrue(reply.data.delete_original)) return transcript.remove('slack', conversationId, original);
    if (original && isTrue(reply.data.replace_original)) {
      transcript.patch('slack', conversationId, original, { text, ...(blocks ? { blocks } : {}) });
      return;
    }
    const visibility = reply.data.response_type === 'in_channel' ? {} : { visibleTo: person };
    transcript.put({ platform: 'slack', conversationId, id: slackTs(), from: { bot: true }, text, ...(blocks ? { blocks } : {}), ...visibility });
  }

  return {
    async slackCommand(person: DemoPerson, conversation: DemoConversation, text: string) {
      transcript.put({ platform: 'slack', conversationId: conversation.id, id: slackTs(), from: { person: person.key }, text: `/pax8 ${text}`, visibleTo: person.key });
      const ack = await slack.command(person, conversation, text);
      showSlackReply(person.key, conversation.id, ack.body);
      return { status: ack.status };
    },

    async slackClick(person: DemoPerson, conversationId: string, messageId: string, button: ClickedButton) {
      const message = transcript.find('slack', conversationId, messageId);
      if (!message) return { status: 404, error: 'that message is gone' };
      const ack = await slack.blockAction(person, conversationId, { ts: message.id, text: message.text, blocks: message.blocks ?? [] }, button);
      return { status: ack.status };
    },

    async slackSubmit(person: DemoPerson, viewId: string, values: Readonly<Record<string, Readonly<Record<string, unknown>>>>) {
      const open = views.get(viewId);
      if (!open || open.person !== person.key) return { status: 404, error: 'that modal is closed' };
      const ack = await slack.viewSubmission(person, open.view, values);
      // The fake keeps the modal as Slack would after this answer: refused, replaced (a new hash) or closed.
      slackModals.answerSubmission(viewId, ack.body ?? {});
      const answer = viewAckSchema.safeParse(ack.body);
      if (answer.success && answer.data.response_action === 'errors') return { status: ack.status, errors: answer.data.errors ?? {} };
      const now = slackModals.view(viewId);
      if (answer.success && answer.data.response_action === 'update' && now) {
        showModal(person.key, { ...now.view, id: viewId, hash: now.hash });
        return { status: ack.status, updated: true };
      }
      views.delete(viewId);
      return { status: ack.status, closed: true };
    },

    /** A modal the bot opened with `views.open` for the interaction behind `triggerId`. */
    slackModalOpened(triggerId: string, view: SubmittedView): boolean {
      const person = slack.personForTrigger(triggerId);
      if (!person) return false;
      showModal(person, view);
      return true;
    },

    /** A modal the bot changed with `views.update` (the checks' outcome after a "checking" view); false when it is closed. */
    slackModalUpdated(view: SubmittedView): boolean {
      const open = views.get(view.id);
      if (!open) return false;
      showModal(open.person, view);
      return true;
    },

    async teamsMessage(person: DemoPerson, conversation: DemoConversation, text: string) {
      transcript.put({ platform: 'teams', conversationId: conversation.id, id: randomUUID(), from: { person: person.key }, text });
      const answer = await teams.message(person, conversation, text);
      return { status: answer.status };
    },

    /**
     * A card button (or a refresh): the invoke response comes back for this person alone, as a card
     * that replaces the clicked one, or a message or an error to show beside it (see {@link readInvokeAnswer}).
     */
    async teamsAction(person: DemoPerson, conversation: DemoConversation, messageId: string, action: ExecutedAction, trigger: 'manual' | 'automatic'): Promise<TeamsActionAnswer> {
      const answer = await teams.action(person, conversation, messageId, action, trigger);
      return readInvokeAnswer(answer.status, answer.body);
    },
  };
}

export type ConsoleActions = ReturnType<typeof createConsoleActions>;

function isTrue(value: boolean | string | undefined): boolean {
  return value === true || value === 'true';
}
