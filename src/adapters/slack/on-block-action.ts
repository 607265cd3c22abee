/**
 * Card buttons (`block_actions`): acknowledged first, then routed by verb. Approve and Cancel go to
 * the intent layer (the engine decides, with compare-and-set, so double clicks and retries decide
 * once); Deny and a form's button open modals; a row's button or a choice runs its command, and a
 * form it answers with opens as a modal. The event id is the click itself (user, `action_ts`,
 * message), identical on a Slack retry.
 *
 * @see https://api.slack.com/reference/interaction-payloads/block-actions
 */
import type { App } from '@slack/bolt';
import { adoptClickedCard } from '../../delivery/adopt-clicked-card.ts';
import { handleCardAction, identityNeededFor, type RequestContext } from '../../intents/index.ts';
import { wireIds } from '../../wire-ids.ts';
import { answerSlack, tellPrivately } from './answer-slack.ts';
import { slackFaultMessage } from './on-slash-command.ts';
import { answerChoice, openDenyModal, openFormModal } from './open-modals.ts';
import { plainMessage } from './render-for-slack.ts';
import { buttonValueSchema, containerSchema, parseJson, verbActionIds } from './slack-payloads.ts';
import type { AnswerTarget, SlackRuntime } from './slack-runtime.ts';

export function onBlockAction(app: App, rt: SlackRuntime): void {
  app.action(verbActionIds, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const container = containerSchema.safeParse(body.container);
    const messageTs = container.success ? container.data.message_ts : undefined;
    const channel = body.channel?.id ?? (container.success ? container.data.channel_id : undefined);
    const actionTs = 'action_ts' in action ? action.action_ts : body.trigger_id;
    const eventId = `slack:action:${body.user.id}:${actionTs}:${messageTs ?? ''}`;
    const log = rt.log.child({ platform: 'slack', eventId, user: body.user.id });
    if (!rt.seen.firstTime(eventId)) return log.info('dropped a repeated click');
    const ephemeral = container.success && container.data.is_ephemeral === true;
    const value = parseJson(buttonValueSchema, action.value);
    // Only the next page replaces an ephemeral list; any other answer comes below it, so the list
    // stays for the next row. Messages that are not ephemeral (approval cards) are never replaced.
    const clicked = value?.verb === wireIds.cardVerbs.page ? 'replace' : 'keep';
    let target: AnswerTarget = ephemeral ? { channel: channel ?? '', user: body.user.id, email: undefined, respond, clicked } : { channel: channel ?? '', user: body.user.id, email: undefined, clicked: null };
    try {
      if (!value || !channel) return await tellPrivately(rt, target, plainMessage('That button sent data the bot does not understand; run the command again.'), false);
      // A card the bot never recorded is kept up to date from its first click on (an ephemeral list is no card).
      if (!ephemeral && messageTs) await adoptClickedCard(rt.delivery, 'slack', value, channel, messageTs).catch((error: unknown) => log.warn({ err: error }, 'could not record the clicked card as a copy of its request'));
      // A decision (Deny too: its modal is only for approvers) asks Slack who clicked, past the cache.
      const actor = await rt.identity.actorFor(body.user.id, identityNeededFor(value));
      target = { ...target, email: actor.email };
      const context: RequestContext = { actor, channel: { platform: 'slack', id: channel, isPersonal: channel.startsWith('D') }, eventId };
      const click = { triggerId: body.trigger_id, value, context, target };
      const v = wireIds.cardVerbs;
      if (value.verb === v.deny) return await openDenyModal(rt, click);
      if (value.verb === v.submitDetails || value.verb === v.submitSeats || value.verb === v.submitOffboard) return await openFormModal(rt, click);
      if (value.verb === v.choose) return await answerChoice(rt, click);
      await answerSlack(rt, handleCardAction(value, context, rt.intents), target);
    } catch (error) {
      log.error({ err: error }, 'handling a button failed');
      await tellPrivately(rt, target, plainMessage(slackFaultMessage), false).catch(() => undefined);
    }
  });
}
