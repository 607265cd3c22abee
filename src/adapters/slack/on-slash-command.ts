/**
 * `/pax8 <command>`: acknowledged first (an empty 200 well inside Slack's 3 seconds, before the
 * intent layer or Pax8 is touched), then answered through the command's `response_url`.
 * The event id is the command's `trigger_id`, the same on a Slack retry (`X-Slack-Retry-Num`), so
 * a retried `buy` is dropped here, and the approvals engine's idempotency key catches it on
 * another replica.
 *
 * @see https://api.slack.com/interactivity/slash-commands#responding_to_commands
 */
import type { App } from '@slack/bolt';
import { handleCommand } from '../../intents/index.ts';
import { wireIds } from '../../wire-ids.ts';
import { answerSlack, tellPrivately } from './answer-slack.ts';
import { plainMessage } from './render-for-slack.ts';
import type { AnswerTarget, SlackRuntime } from './slack-runtime.ts';

/** The user-facing line when showing an answer failed; the details go to the log. */
export const slackFaultMessage = 'Something went wrong while answering in Slack; please try again. The details are in the bot log.';

export function onSlashCommand(app: App, rt: SlackRuntime): void {
  app.command(wireIds.slack.slashCommand, async ({ command, ack, respond, context }) => {
    await ack();
    const eventId = `slack:command:${command.trigger_id}`;
    const log = rt.log.child({ platform: 'slack', eventId, user: command.user_id });
    if (!rt.seen.firstTime(eventId)) {
      log.info({ retryNum: context.retryNum }, 'dropped a repeated slash command');
      return;
    }
    let target: AnswerTarget = { channel: command.channel_id, user: command.user_id, email: undefined, respond, clicked: null };
    try {
      // The answer goes to response_url (valid for 30 minutes): acks still waiting in a burst go first.
      await rt.turns.next();
      const actor = await rt.identity.actorFor(command.user_id, 'cached');
      target = { ...target, email: actor.email };
      const isPersonal = command.channel_id.startsWith('D') || command.channel_name === 'directmessage';
      const result = handleCommand(command.text, { actor, channel: { platform: 'slack', id: command.channel_id, isPersonal }, eventId }, rt.intents);
      await answerSlack(rt, result, target);
    } catch (error) {
      log.error({ err: error }, 'answering a slash command failed');
      await tellPrivately(rt, target, plainMessage(slackFaultMessage), false).catch(() => undefined);
    }
  });
}
