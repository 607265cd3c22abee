/**
 * The Slack adapter: `/pax8` commands, card buttons and modals through Bolt, over HTTP at
 * `/slack/events` on the bot's server or over Socket Mode. It verifies, acknowledges, parses and
 * renders; the intent layer decides (DESIGN "Shape").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformContext, PlatformFactory, RunningPlatform } from '../platform.ts';
import { createAckFirstTurns } from './ack-first-turns.ts';
import { createSlackApp, slackEventsPath, verifyBotToken } from './create-slack-app.ts';
import { onBlockAction } from './on-block-action.ts';
import { onSlashCommand } from './on-slash-command.ts';
import { onViewSubmission } from './on-view-submission.ts';
import { slackEnabled } from './slack-enabled.ts';
import { createSlackIdentity } from './slack-identity.ts';
import { createSlackOutbox } from './slack-outbox.ts';
import type { SlackForm, SlackRuntime } from './slack-runtime.ts';
import { createSeenEvents, createTtlCache } from '../../util/ttl-cache.ts';

export { createSlackApp, slackEventsPath, verifyBotToken } from './create-slack-app.ts';

/** How long an answer may take before "working on it" is shown; Slack users expect a reply at once. */
const workingAfterMs = 1_500;

async function startSlack(ctx: PlatformContext): Promise<RunningPlatform> {
  const log = ctx.log.child({ platform: 'slack' });
  const bot = await verifyBotToken(ctx.config.slack);
  log.info(`Slack: signed in as @${bot.user} (${bot.botUserId}) in ${bot.team || 'the workspace'}`);
  const slack = createSlackApp(ctx.config.slack, bot, log);
  const { app } = slack;
  const outbox = createSlackOutbox({ client: app.client, store: ctx.store, configuredApprovalsChannel: ctx.config.slack.approvalsChannel });
  const rt: SlackRuntime = {
    client: app.client,
    intents: ctx.intents,
    delivery: ctx.delivery,
    outbox,
    identity: createSlackIdentity({ client: app.client, log }),
    seen: createSeenEvents({ max: 20_000, ttlMs: 60 * 60_000 }),
    forms: createTtlCache<string, SlackForm>({ max: 1_000, ttlMs: 60 * 60_000 }),
    log,
    turns: createAckFirstTurns(),
    workingAfterMs,
  };
  onSlashCommand(app, rt);
  onBlockAction(app, rt);
  onViewSubmission(app, rt);
  app.error(async (error) => {
    log.error({ err: error }, 'Slack event failed in Bolt');
    return Promise.resolve();
  });
  if (slack.mode === 'socket') {
    await app.start();
    log.info(`Slack: Socket Mode, ${slack.openConnections()} connections open`);
    return { name: 'slack', outbox, stop: async () => void (await app.stop()) };
  }
  ctx.http.mount(slackEventsPath, async (req: IncomingMessage, res: ServerResponse) => {
    rt.turns.track(res);
    try {
      await slack.listener(req, res);
    } catch {
      // Bolt throws for what it does not serve (a GET, a sub-path): not found, like the rest of the server.
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
    }
  });
  return { name: 'slack', outbox, stop: () => Promise.resolve() };
}

/** Registered in `src/adapters/platforms.ts`; enabled by `SLACK_BOT_TOKEN` plus a signing secret or an app token. */
export const slackPlatform: PlatformFactory = { name: 'slack', enabled: slackEnabled, start: startSlack };
