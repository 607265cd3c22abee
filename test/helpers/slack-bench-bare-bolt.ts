/**
 * The peer of the Slack benchmark, run as its own process: a bare Bolt app on its own
 * `HTTPReceiver` that verifies the same signed `/pax8` commands, acknowledges them and answers
 * through `response_url` 300 ms later (as the bot does once Pax8 has answered). It does what any
 * Bolt app must do for a command and nothing else, so the bot's overhead is the difference.
 *
 * Started by `startBareBoltProcess`; prints `listening on <url>` once it serves.
 */
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const signingSecret = process.env['SLACK_SIGNING_SECRET'] ?? '';
const answerAfterMs = Number(process.env['BARE_ANSWER_AFTER_MS'] ?? 300);

const receiver = new HTTPReceiver({ signingSecret, endpoints: ['/slack/events'], processBeforeResponse: false });
const app = new App({ token: 'xoxb-bare', botId: 'B0BARE', botUserId: 'U0BARE', tokenVerificationEnabled: false, receiver, logLevel: LogLevel.ERROR });
app.command('/pax8', async ({ ack, respond, command }) => {
  await ack();
  setTimeout(() => {
    respond({ response_type: 'ephemeral', text: `bare answer to "${command.text}"` }).catch((error: unknown) => console.error('respond failed', error));
  }, answerAfterMs);
});
const server = await receiver.start(0);
console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
process.once('SIGTERM', () => void receiver.stop().then(() => process.exit(0)));
