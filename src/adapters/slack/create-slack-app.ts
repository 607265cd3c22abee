/**
 * The Bolt app, in one of two transports. HTTP: Bolt's `HTTPReceiver` is driven from the bot's own
 * server (its `requestListener` is mounted at `/slack/events`, so Bolt reads the raw body and
 * verifies the signature itself; its own server is never started). Socket Mode, when
 * `SLACK_APP_TOKEN` is set: a `SocketModeReceiver` connects out to Slack, for MSPs that cannot
 * expose a public URL. Either way the Web API client goes to `SLACK_API_URL`.
 *
 * @see https://docs.slack.dev/tools/bolt-js/concepts/receiver
 * @see https://api.slack.com/apis/socket-mode
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { AppConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { boltLogger } from './bolt-logger.ts';

export const slackEventsPath = '/slack/events';

export type SlackApp =
  | { readonly mode: 'http'; readonly app: App; readonly listener: (req: IncomingMessage, res: ServerResponse) => void }
  | { readonly mode: 'socket'; readonly app: App };

/** Web API calls retry a little (network, 5xx, 429 with `Retry-After`), never for half an hour. */
const clientOptions = (apiUrl: string): webApi.WebClientOptions => ({
  slackApiUrl: apiUrl,
  timeout: 10_000,
  retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
});

export function createSlackApp(slack: AppConfig['slack'], log: Logger): SlackApp {
  const logger = boltLogger(log);
  const token = slack.botToken?.reveal();
  const options = clientOptions(slack.apiUrl);
  if (slack.appToken) {
    const receiver = new SocketModeReceiver({ appToken: slack.appToken.reveal(), logger, installerOptions: { clientOptions: options } });
    return { mode: 'socket', app: new App({ token, receiver, socketMode: true, clientOptions: options, logger }) };
  }
  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret?.reveal() ?? '',
    signatureVerification: !slack.dangerouslySkipVerification,
    endpoints: [slackEventsPath],
    // Bolt answers as soon as a listener calls ack(); the work continues after the response.
    processBeforeResponse: false,
    logger,
  });
  const app = new App({ token, receiver, clientOptions: options, logger });
  return { mode: 'http', app, listener: receiver.requestListener };
}
