/**
 * The Bolt app, in one of two transports. HTTP: Bolt's `HTTPReceiver` is driven from the bot's own
 * server (its `requestListener` is mounted at `/slack/events` behind `guardSlackRequests`, which
 * refuses unsigned, stale, future-dated and malformed requests before Bolt sees them; Bolt then
 * verifies the signature again; its own server is never started). Socket Mode, when
 * `SLACK_APP_TOKEN` is set: `createSocketModeReceiver` connects out to Slack over two WebSockets
 * that it keeps open, for MSPs that cannot expose a public URL. Either way the Web API client goes
 * to `SLACK_API_URL`.
 *
 * @see https://docs.slack.dev/tools/bolt-js/concepts/receiver
 * @see https://api.slack.com/apis/socket-mode
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, webApi } from '@slack/bolt';
import type { AppConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { boltLogger } from './bolt-logger.ts';
import { guardSlackRequests } from './guard-slack-requests.ts';
import { createSocketModeReceiver } from './socket-mode-receiver.ts';

export const slackEventsPath = '/slack/events';

export type SlackApp =
  | { readonly mode: 'http'; readonly app: App; readonly listener: (req: IncomingMessage, res: ServerResponse) => Promise<void> }
  | { readonly mode: 'socket'; readonly app: App; readonly openConnections: () => number };

/** The bot user, from `auth.test` at start (Bolt's `ignoreSelf` needs it). */
export interface SlackBotIdentity {
  readonly botId: string;
  readonly botUserId: string;
}

/** Web API calls retry a little (network, 5xx, 429 with `Retry-After`), never for half an hour. */
export const clientOptions = (apiUrl: string): webApi.WebClientOptions => ({
  slackApiUrl: apiUrl,
  timeout: 10_000,
  retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
});

/**
 * Checks the bot token once with `auth.test` before the app is built. Bolt would otherwise call it
 * from its constructor and keep a failure (Slack unreachable for a moment) as an unhandled
 * rejection that fails every later event; a refused token should stop the start with a clear error.
 */
export async function verifyBotToken(slack: AppConfig['slack']): Promise<SlackBotIdentity & { team: string; user: string }> {
  const client = new webApi.WebClient(slack.botToken?.reveal(), clientOptions(slack.apiUrl));
  try {
    const auth = await client.auth.test();
    if (!auth.bot_id || !auth.user_id) throw new Error('auth.test named no bot user; is SLACK_BOT_TOKEN a bot token (xoxb-)?');
    return { botId: auth.bot_id, botUserId: auth.user_id, team: auth.team ?? '', user: auth.user ?? '' };
  } catch (error) {
    throw new Error(`Slack refused SLACK_BOT_TOKEN or could not be reached at ${slack.apiUrl}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export function createSlackApp(slack: AppConfig['slack'], bot: SlackBotIdentity, log: Logger): SlackApp {
  const logger = boltLogger(log);
  const token = slack.botToken?.reveal();
  const options = clientOptions(slack.apiUrl);
  // The identity is known (verifyBotToken), so Bolt makes no auth.test call of its own.
  const identity = { token, botId: bot.botId, botUserId: bot.botUserId, tokenVerificationEnabled: false };
  if (slack.appToken) {
    const receiver = createSocketModeReceiver({ appToken: slack.appToken.reveal(), clientOptions: options, log });
    return { mode: 'socket', app: new App({ ...identity, receiver, clientOptions: options, logger }), openConnections: receiver.openConnections };
  }
  const signingSecret = slack.signingSecret?.reveal() ?? '';
  const receiver = new HTTPReceiver({
    signingSecret,
    signatureVerification: !slack.dangerouslySkipVerification,
    endpoints: [slackEventsPath],
    // Bolt answers as soon as a listener calls ack(); the work continues after the response.
    processBeforeResponse: false,
    logger,
  });
  const app = new App({ ...identity, receiver, clientOptions: options, logger });
  const verifySignatures = !slack.dangerouslySkipVerification;
  return { mode: 'http', app, listener: guardSlackRequests(receiver.requestListener, { path: slackEventsPath, signingSecret, verifySignatures, log }) };
}
