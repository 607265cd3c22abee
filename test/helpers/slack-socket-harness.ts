/**
 * The whole bot over Socket Mode: `startSlackBot` with `SLACK_APP_TOKEN`, so the bot opens its
 * connections to the fake Slack (`src/fakes/slack-socket-mode.ts`), and the same payloads as the
 * HTTP tests (`slack-requests.ts`) arrive as envelopes. Each send resolves with what became of the
 * envelope: acknowledged (with the ack's payload), or refused as Slack would (`dispatch_failed`,
 * `operation_timeout`). The bot's log lines are kept, for the tests that look for a warning.
 */
import { Writable } from 'node:stream';
import type { FakeSlackMessage } from '../../src/fakes/slack-web-api.ts';
import { buttonIn, generalChannel, startSlackBot } from './slack-harness.ts';
import { blockActionPayload, slashCommandFields, viewSubmissionPayload } from './slack-requests.ts';

export async function startSlackSocketBot() {
  const logLines: string[] = [];
  const log = new Writable({ write: (chunk: Buffer, _encoding, done) => void (logLines.push(chunk.toString('utf8')), done()) });
  const h = await startSlackBot({ socketMode: true, log });
  const socket = h.fake.socketMode;
  if (!socket) throw new Error('the fake Slack plays no Socket Mode');
  const { fake } = h;

  /** The payload of a click on `verb` in `message`, as Slack sends it. */
  const clickPayload = (user: string, channel: string, message: FakeSlackMessage, verb: string) => {
    const button = buttonIn(message, verb);
    if (!button) throw new Error(`no ${verb} button in the message`);
    return blockActionPayload({ user, channel, messageTs: message.ts, button, responseUrl: fake.responseUrl(channel, user, message.ts), ephemeral: message.visibleTo !== undefined });
  };

  return {
    ...h,
    socket,
    logLines,
    /** The fields of `/pax8 <text>` typed by `user` in `channel`, with a `response_url` into the fake. */
    commandPayload: (user: string, text: string, channel = generalChannel) => slashCommandFields({ user, channel, text, responseUrl: fake.responseUrl(channel, user) }),
    command: (user: string, text: string, channel = generalChannel) => socket.send('slash_commands', slashCommandFields({ user, channel, text, responseUrl: fake.responseUrl(channel, user) })),
    clickPayload,
    click: (user: string, channel: string, message: FakeSlackMessage, verb: string) => socket.send('interactive', clickPayload(user, channel, message, verb)),
    submitView: (user: string, view: Record<string, unknown>, values: Record<string, Record<string, unknown>>) => socket.send('interactive', viewSubmissionPayload({ user, view, values })),
    /** The bot's connections open now. */
    openConnections: () => socket.connections.filter((c) => c.state === 'open').length,
  };
}

export type SlackSocketBotHarness = Awaited<ReturnType<typeof startSlackSocketBot>>;
