/**
 * Slack requests as Slack sends them, built from the real payloads in `test/reference/samples/slack/`
 * and signed the way Slack signs (`signSlackRequest`, shared with the console).
 *
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { readFileSync } from 'node:fs';
import { signSlackRequest } from '../../src/console/sign-slack-request.ts';

const samples = new URL('../reference/samples/slack/', import.meta.url);
export const sample = (name: string): string => readFileSync(new URL(name, samples), 'utf8');
export const sampleJson = (name: string): Record<string, unknown> => JSON.parse(sample(name)) as Record<string, unknown>;

export const signatureSample = sampleJson('slash-command.signature.json') as {
  signing_secret: string;
  headers: { 'X-Slack-Request-Timestamp': string; 'X-Slack-Signature': string; 'Content-Type': string };
};

/** The `x-slack-signature` for `body` sent at `timestamp` (epoch seconds), via the console's signer. */
export function sign(secret: string, timestamp: string, body: string): string {
  return signSlackRequest(secret, body, Number(timestamp))['x-slack-signature'];
}

export interface SendOptions {
  readonly secret?: string;
  readonly timestamp?: string;
  readonly signature?: string;
  readonly retryNum?: number;
  readonly contentType?: string;
  /** Gives up waiting for the answer after this long (a request the bot never answers fails the test). */
  readonly timeoutMs?: number;
}

/** POSTs a raw body to the bot's `/slack/events`, signed unless told otherwise. */
export async function postSigned(url: string, body: string, options: SendOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': options.signature ?? sign(options.secret ?? signatureSample.signing_secret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(`${url}/slack/events`, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
}

let triggers = 0;
export const nextTrigger = (): string => `${Date.now()}.${(triggers += 1)}.abcdef0123456789`;

/** The documented slash-command fields with our command, user and channel, plus the fields current Slack adds. */
export function slashCommandFields(input: { user: string; channel: string; text: string; responseUrl: string; triggerId?: string }): Record<string, string> {
  const params = new URLSearchParams(sample('slash-command.body.txt'));
  params.set('command', '/pax8');
  params.set('user_id', input.user);
  params.set('user_name', input.user.toLowerCase());
  params.set('channel_id', input.channel);
  params.set('channel_name', input.channel.startsWith('D') ? 'directmessage' : 'general');
  params.set('text', input.text);
  params.set('response_url', input.responseUrl);
  params.set('trigger_id', input.triggerId ?? nextTrigger());
  params.set('api_app_id', 'A0PAX8');
  params.set('is_enterprise_install', 'false');
  return Object.fromEntries(params);
}

/** The slash-command form body Slack posts over HTTP. */
export function slashCommandBody(input: Parameters<typeof slashCommandFields>[0]): string {
  return new URLSearchParams(slashCommandFields(input)).toString();
}

export interface Button {
  readonly action_id: string;
  readonly value?: string;
  readonly text: { type: 'plain_text'; text: string };
}

/** The documented `block_actions` payload, for a click on `button` in a message the fake holds. */
export function blockActionPayload(input: { user: string; channel: string; messageTs: string; button: Button; responseUrl: string; ephemeral?: boolean; actionTs?: string }): Record<string, unknown> {
  const payload = sampleJson('block-actions.button.json');
  const actionTs = input.actionTs ?? `${Date.now() / 1000}`;
  return Object.assign(payload, {
    user: { id: input.user, username: input.user.toLowerCase(), team_id: 'T9TK3CUKW' },
    container: { type: 'message', message_ts: input.messageTs, channel_id: input.channel, is_ephemeral: input.ephemeral ?? false },
    channel: { id: input.channel, name: 'approvals' },
    message: { type: 'message', ts: input.messageTs, text: '', user: 'U0BOT', bot_id: 'B0BOT' },
    trigger_id: nextTrigger(),
    response_url: input.responseUrl,
    actions: [{ ...input.button, block_id: 'b1', type: 'button', action_ts: actionTs }],
  });
}

/** The `block_actions` form body Slack posts over HTTP. */
export function blockActionBody(input: Parameters<typeof blockActionPayload>[0]): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionPayload(input)) }).toString();
}

/** The documented `view_submission` payload for a modal the bot opened, with the values typed in. */
export function viewSubmissionPayload(input: { user: string; view: Record<string, unknown>; values: Record<string, Record<string, unknown>> }): Record<string, unknown> {
  const payload = sampleJson('view-submission.json');
  const base = payload['view'] as Record<string, unknown>;
  return Object.assign(payload, {
    user: { id: input.user, username: input.user.toLowerCase(), name: input.user.toLowerCase(), team_id: 'T12345678' },
    trigger_id: nextTrigger(),
    // A view the fake opened keeps its id and hash; one built by a test gets made-up ones.
    view: { ...base, id: `V${Math.floor(Math.random() * 1e9)}`, hash: `${Date.now()}.abc`, ...input.view, state: { values: input.values } },
  });
}

/** The `view_submission` form body Slack posts over HTTP. */
export function viewSubmissionBody(input: Parameters<typeof viewSubmissionPayload>[0]): string {
  return new URLSearchParams({ payload: JSON.stringify(viewSubmissionPayload(input)) }).toString();
}
