import { type AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../../cards/adaptive-card.ts';
import { adoptClickedCard } from '../../delivery/adopt-clicked-card.ts';
import { handleCardAction, identityNeededFor } from '../../intents/index.ts';
import { approvalCard } from '../../intents/approval-card.ts';
import type { Actor } from '../../intents/index.ts';
import type { View } from '../../views/index.ts';
import { wireIds } from '../../wire-ids.ts';
import { settleWithin } from '../settle-within.ts';
import { readCardAction } from './card-invoke-value.ts';
import { postAnswer, replaceLater, requestContextOf } from './handle-teams-message.ts';
import { viewerFor } from './render-teams-view.ts';
import type { TeamsTurnDeps } from './teams-turn-deps.ts';

const cardResponse = (card: AdaptiveCard): AdaptiveCardInvokeResponse => ({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { ...card } });

/** An invoke answer that leaves the card clicked as it is and shows the clicker a short line. */
export interface MessageInvokeResponse {
  readonly statusCode: 200;
  readonly type: 'application/vnd.microsoft.activity.message';
  readonly value: string;
}

const messageResponse = (text: string): MessageInvokeResponse => ({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text });

/** An invoke answer that says why there is no card: the status, its name as the code, and a message to read. */
export const invokeError = (statusCode: 400 | 500, message: string): AdaptiveCardInvokeResponse => ({
  statusCode,
  type: 'application/vnd.microsoft.error',
  value: { code: statusCode === 400 ? 'BadRequest' : 'InternalServerError', message },
});

/** The invoke answer to something the bot cannot take. */
export const badInvoke = (message: string): AdaptiveCardInvokeResponse => invokeError(400, message);

/**
 * An `Action.Execute` click or a Teams refresh, answered with the card the clicking user should now
 * see. Approve, deny and cancel go through the intent layer (which checks roles and decides); every
 * other copy of the card is updated by the card delivery after the transition. A click whose answer
 * takes longer than `invokeAnswerMs` gets the "working" card and the answer as a message update.
 * A button that runs a command is answered in a new message instead ({@link answerBelow}).
 *
 * @see https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards
 */
export async function answerCardInvoke(context: TurnContext, deps: TeamsTurnDeps): Promise<AdaptiveCardInvokeResponse | MessageInvokeResponse> {
  const activity = context.activity;
  await deps.conversations.remember(activity);
  const action = readCardAction(activity.value);
  if (action.kind === 'invalid') {
    return badInvoke('not an action this bot sent');
  }
  if (action.kind === 'refresh') {
    const request = await requestContextOf(context, deps, 'cached');
    return cardResponse(await refreshedCard(action.requestId, request.actor, deps));
  }
  if (action.payload['verb'] === wireIds.cardVerbs.choose) return answerBelow(context, action.payload, deps);
  // A card the bot never recorded is kept up to date from its first click on.
  if (activity.replyToId) {
    await adoptClickedCard(deps.delivery, 'teams', action.payload, activity.conversation.id, activity.replyToId).catch((error: unknown) =>
      deps.log.warn({ err: error }, 'could not record the clicked card as a copy of its request'),
    );
  }
  // A decision asks Teams who clicked, past the cache: the buttons shown may predate a lost role.
  const request = await requestContextOf(context, deps, identityNeededFor(action.payload));
  const result = handleCardAction(action.payload, request, deps.intents);
  const settled = result.later ? await settleWithin(result.later, deps.invokeAnswerMs) : undefined;
  const view = settled?.done ? settled.value : result.now;
  if (settled?.done === false && result.later && activity.replyToId) {
    const reference = TurnContext.getConversationReference(activity);
    deps.background.track('answer a Teams card action', replaceLater(reference, activity.replyToId, result.later, deps));
  }
  // The clicked message now shows this card (a filled-in form becomes the request): keep it true too.
  if (view.kind === 'approvalRequest' && activity.replyToId) await deps.delivery.recordCopy(view.request.id, 'teams', activity.conversation.id, activity.replyToId);
  return cardResponse(await cardForClicker(view, request.actor, deps));
}

/**
 * A button that runs a command (`choose`: a list row's Details, Seats, Cancel or Show card, a
 * choice) is answered like that command typed: in a new message, so the list clicked stays for its
 * other rows (Teams would otherwise show the answer in its place). The invoke answer leaves the
 * card as it is. Teams sends an invoke again when the first got no answer in time: that one posts
 * nothing more.
 */
async function answerBelow(context: TurnContext, payload: Record<string, unknown>, deps: TeamsTurnDeps): Promise<MessageInvokeResponse> {
  const request = await requestContextOf(context, deps, 'cached');
  if (!deps.recentEvents.firstTime(request.eventId)) return messageResponse('Already answered below.');
  const result = handleCardAction(payload, request, deps.intents);
  await postAnswer(context, result, deps);
  return messageResponse(result.now.kind === 'working' ? result.now.message : 'Answered below.');
}

/** The approval card as `actor` should see it now: their buttons while it is pending, read-only after. */
async function refreshedCard(requestId: string, actor: Actor, deps: TeamsTurnDeps): Promise<AdaptiveCard> {
  const stored = await deps.intents.approvals.get(requestId);
  if (!stored) return deps.renderer.cardFor({ kind: 'error', code: 'not_found', message: 'This request no longer exists.', usage: null, examples: [] });
  const request = approvalCard(stored);
  return deps.renderer.cardFor({ kind: 'approvalRequest', request }, viewerFor(deps.policy, actor, request));
}

/** Results of approval clicks carry the request: render it with the clicker's own buttons. */
function cardForClicker(view: View, actor: Actor, deps: TeamsTurnDeps): Promise<AdaptiveCard> {
  if (view.kind === 'approvalResult' || view.kind === 'approvalRequest') return deps.renderer.cardFor(view, viewerFor(deps.policy, actor, view.request));
  return deps.renderer.cardFor(view);
}
