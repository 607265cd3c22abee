import { randomUUID } from 'node:crypto';
import { wireIds } from '../wire-ids.ts';
import { consoleSlackApprovalsChannel, type DemoConversation, type DemoPerson, demoWorkspace } from './demo-people.ts';
import { parseMaybeJson } from './http-io.ts';
import { signSlackRequest } from './sign-slack-request.ts';

export interface SlackDriverOptions {
  /** The bot's base URL; requests go to `{botUrl}/slack/events` like Slack's would. */
  readonly botUrl: string;
  readonly signingSecret: string;
  /** Makes a `response_url` for an interaction (the fake Web API answers it). */
  readonly responseUrl: (channel: string, userId: string, messageTs?: string) => string;
  readonly nowSeconds?: () => number;
}

/** What the bot answered at once (its ack): the status and the body, parsed when it is JSON. */
export interface SlackAck {
  readonly status: number;
  readonly body: unknown;
}

const team = { id: demoWorkspace.slack.teamId, domain: demoWorkspace.slack.teamDomain };

/**
 * Plays Slack towards the bot: builds slash commands, `block_actions` and `view_submission`
 * payloads shaped like the ones Slack sends (see `test/reference/samples/slack/`), signs
 * them with the bot's signing secret and posts them to `/slack/events`, so they go through the
 * Slack adapter's real verification and parsing. Each interaction gets a fresh `response_url` and
 * `trigger_id`, remembered so the console knows whom a modal opened with it is for.
 */
export function createSlackDriver(options: SlackDriverOptions) {
  const nowSeconds = options.nowSeconds ?? (() => Date.now() / 1000);
  const triggers = new Map<string, string>();

  function newTrigger(person: DemoPerson): string {
    const trigger = `${Math.floor(nowSeconds())}.${randomUUID()}`;
    triggers.set(trigger, person.key);
    if (triggers.size > 1_000) triggers.delete(triggers.keys().next().value ?? '');
    return trigger;
  }

  function interaction(person: DemoPerson, channel: string, messageTs?: string) {
    return { responseUrl: options.responseUrl(channel, person.slack.userId, messageTs), triggerId: newTrigger(person) };
  }

  async function post(body: string, contentType: string): Promise<SlackAck> {
    const headers = signSlackRequest(options.signingSecret, body, nowSeconds());
    const response = await fetch(`${options.botUrl}/slack/events`, { method: 'POST', headers: { ...headers, 'content-type': contentType }, body });
    const text = await response.text();
    return { status: response.status, body: parseMaybeJson(text) };
  }

  const user = (p: DemoPerson) => ({ id: p.slack.userId, username: p.slack.username, name: p.slack.username, team_id: team.id });
  const postPayload = (payload: object) => post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');

  return {
    /** `/pax8 {text}` typed by a person in a conversation, form-encoded as Slack sends it. */
    command(person: DemoPerson, conversation: DemoConversation, text: string): Promise<SlackAck> {
      const { responseUrl, triggerId } = interaction(person, conversation.id);
      const form = new URLSearchParams({
        token: 'console', team_id: team.id, team_domain: team.domain, channel_id: conversation.id,
        channel_name: conversation.kind === 'personal' ? 'directmessage' : conversation.name.replace(/^#/, ''),
        user_id: person.slack.userId, user_name: person.slack.username, command: wireIds.slack.slashCommand, text,
        api_app_id: demoWorkspace.slack.appId, is_enterprise_install: 'false', response_url: responseUrl, trigger_id: triggerId,
      });
      return post(form.toString(), 'application/x-www-form-urlencoded');
    },

    /** A button click on a message the bot posted: the `block_actions` payload. */
    blockAction(person: DemoPerson, conversationId: string, message: { ts: string; text: string; blocks: readonly unknown[] }, action: ClickedButton): Promise<SlackAck> {
      const { responseUrl, triggerId } = interaction(person, conversationId, message.ts);
      return postPayload({
        type: 'block_actions', team, user: user(person), api_app_id: demoWorkspace.slack.appId, token: 'console',
        container: { type: 'message', message_ts: message.ts, channel_id: conversationId, is_ephemeral: false },
        trigger_id: triggerId, channel: { id: conversationId, name: conversationId === consoleSlackApprovalsChannel ? 'pax8-approvals' : conversationId },
        message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks, bot_id: demoWorkspace.slack.botId, user: demoWorkspace.slack.botUserId },
        state: { values: {} }, response_url: responseUrl,
        actions: [{ type: 'button', action_id: action.actionId, block_id: action.blockId, value: action.value, text: { type: 'plain_text', text: action.text, emoji: true }, action_ts: String(nowSeconds()) }],
      });
    },

    /** The submit button of a modal: the `view_submission` payload with the inputs' state. */
    viewSubmission(person: DemoPerson, view: SubmittedView, values: Readonly<Record<string, Readonly<Record<string, unknown>>>>): Promise<SlackAck> {
      const triggerId = newTrigger(person);
      return postPayload({
        type: 'view_submission', team, user: user(person), api_app_id: demoWorkspace.slack.appId, token: 'console', trigger_id: triggerId,
        view: { ...view, team_id: team.id, app_id: demoWorkspace.slack.appId, bot_id: demoWorkspace.slack.botId, state: { values } },
        response_urls: [],
      });
    },

    /** Whose interaction a `trigger_id` belongs to (the fake's `views.open` names it). */
    personForTrigger: (triggerId: string) => triggers.get(triggerId),
  };
}

export type SlackDriver = ReturnType<typeof createSlackDriver>;

export interface ClickedButton {
  readonly actionId: string;
  readonly blockId: string;
  readonly value: string | undefined;
  readonly text: string;
}

/** A modal as `views.open` received it, plus the id the fake gave it. */
export type SubmittedView = { readonly id: string; readonly [key: string]: unknown };
