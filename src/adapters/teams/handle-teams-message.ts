import { type Activity, TurnContext } from 'botbuilder';
import { handleCommand, type IdentityFreshness, type IntentResult, type RequestContext, type ViewUpdates } from '../../intents/index.ts';
import type { View } from '../../views/index.ts';
import { channelIdOf } from './teams-conversations.ts';
import type { TeamsTurnDeps } from './teams-turn-deps.ts';

/**
 * The request context of an activity, its sender looked up as `need` says (`fresh` for a decision).
 * `eventId` joins the conversation and the activity id: Teams message ids are timestamps, unique in
 * a conversation but not across them, and the approvals engine uses the event id as the
 * idempotency key of a request. A re-send keeps both, so it maps to the same key.
 */
export async function requestContextOf(context: TurnContext, deps: TeamsTurnDeps, need: Exclude<IdentityFreshness, 'unavailable'>): Promise<RequestContext> {
  const activity = context.activity;
  const conversationId = channelIdOf(activity.conversation.id);
  return {
    actor: await deps.identity.actorFor(context, need),
    channel: { platform: 'teams', id: conversationId, isPersonal: activity.conversation.conversationType === 'personal' },
    eventId: `${conversationId}|${activity.id ?? ''}`,
  };
}

/**
 * A typed command (an @mention in a channel or group chat, plain text in personal chat). Answers at
 * once, with the "working on it" card when Pax8 has to be asked, and replaces that card with the
 * answer in the background, so Teams gets its HTTP answer in time and does not send the message again.
 */
export async function handleTeamsMessage(context: TurnContext, deps: TeamsTurnDeps): Promise<void> {
  const activity = context.activity;
  await deps.conversations.remember(activity);
  const request = await requestContextOf(context, deps, 'cached');
  if (!deps.recentEvents.firstTime(request.eventId)) {
    deps.log.info({ eventId: request.eventId }, 'Teams sent a message again; it was answered already');
    return;
  }
  // An Action.Submit arrives as a message with a value and no text; botbuilder cannot cut a mention out of no text.
  const text = activity.text === undefined ? '' : (TurnContext.removeRecipientMention(activity) ?? activity.text);
  const result = handleCommand(text, request, deps.intents);
  if (await answeredPrivately(context, result, deps)) return;
  await postAnswer(context, result, deps);
}

/**
 * Posts an answer as a new message in the turn's conversation (its thread, in a channel): `now`
 * at once, replaced by `later` in the background when that comes. An approval card posted so is a
 * copy of the request, kept up to date.
 */
export async function postAnswer(context: TurnContext, result: IntentResult, deps: TeamsTurnDeps): Promise<void> {
  const activity = context.activity;
  const sent = await context.sendActivity(await deps.renderer.activityFor(result.now));
  const messageId = sent?.id;
  if (!messageId) return;
  await recordApprovalCopy(result.now, activity.conversation.id, messageId, deps);
  if (result.later) {
    const reference = TurnContext.getConversationReference(activity);
    deps.background.track('answer a Teams command', replaceLater(reference, messageId, result.later, deps, result.updates));
  }
}

/** What the approvals channel sees when someone types a command there: the answer itself goes to their personal chat. */
export const answeredPrivatelyText = 'I answered you in our personal chat: this channel is kept for approval cards.';

/**
 * A command typed in the approvals channel is answered in the sender's personal chat with the bot,
 * so lookups and forms do not bury the cards approvers act on; the channel gets one short line
 * saying where the answer went. False (answer in place) anywhere else, or when no personal chat can
 * be opened — a missing answer would be worse than a busy channel.
 */
async function answeredPrivately(context: TurnContext, result: IntentResult, deps: TeamsTurnDeps): Promise<boolean> {
  const activity = context.activity;
  if (activity.conversation.conversationType === 'personal' || !activity.from.id) return false;
  const approvals = await deps.delivery.approvalsChannel('teams');
  if (!approvals || channelIdOf(approvals) !== channelIdOf(activity.conversation.id)) return false;
  let reference: Partial<ReturnType<typeof TurnContext.getConversationReference>>;
  try {
    reference = await deps.personalChat(activity.from.id);
  } catch (error) {
    deps.log.warn({ err: error }, 'could not open a personal chat to answer a command typed in the approvals channel; answering there');
    return false;
  }
  const first = await deps.renderer.activityFor(result.now);
  let messageId: string | undefined;
  await deps.continueIn(reference, async (chat) => {
    messageId = (await chat.sendActivity(first))?.id;
  });
  await context.sendActivity({ type: 'message', text: answeredPrivatelyText });
  const conversationId = reference.conversation?.id;
  if (!messageId || !conversationId) return true;
  await recordApprovalCopy(result.now, conversationId, messageId, deps);
  if (result.later) deps.background.track('answer a Teams command privately', replaceLater(reference, messageId, result.later, deps, result.updates));
  return true;
}

/** Progress replaces the "working" card at most this often (Teams throttles message updates). */
const progressEveryMs = 3000;

/**
 * Replaces the message `messageId` with the view `later` settles with; meanwhile with the latest
 * progress `updates` publish, now and then.
 */
export async function replaceLater(
  reference: Partial<ReturnType<typeof TurnContext.getConversationReference>>,
  messageId: string,
  later: Promise<View>,
  deps: TeamsTurnDeps,
  updates?: ViewUpdates,
): Promise<void> {
  const replace = async (view: View): Promise<void> => {
    const update: Partial<Activity> = { ...(await deps.renderer.activityFor(view)), id: messageId };
    await deps.continueIn(reference, async (context) => {
      await context.updateActivity(update);
    });
  };
  let finished = false;
  let lastAt = deps.clock.now().getTime();
  let progress = Promise.resolve();
  updates?.listen((interim) => {
    const now = deps.clock.now().getTime();
    if (finished || now - lastAt < progressEveryMs) return;
    lastAt = now;
    progress = progress.then(() => (finished ? undefined : replace(interim))).catch((error: unknown) => deps.log.warn({ err: error }, 'could not show progress in Teams'));
  });
  const view = await later;
  finished = true;
  await progress;
  await replace(view);
  if (reference.conversation) await recordApprovalCopy(view, reference.conversation.id, messageId, deps);
}

/** An approval card the bot showed the requester is a copy too: it is updated with every transition. */
async function recordApprovalCopy(view: View, conversationId: string, messageId: string, deps: TeamsTurnDeps): Promise<void> {
  if (view.kind === 'approvalRequest') await deps.delivery.recordCopy(view.request.id, 'teams', conversationId, messageId);
}
