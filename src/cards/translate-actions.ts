/**
 * Adaptive Card actions → Slack buttons. The button's `action_id` is the card verb and its `value`
 * the action data (which on our cards is only `{ verb, requestId, version }` or similar ids), so
 * the Slack adapter routes a click exactly as the Teams adapter routes an `Action.Execute` invoke.
 *
 * @see https://api.slack.com/reference/block-kit/block-elements#button
 * @see https://learn.microsoft.com/adaptive-cards/authoring-cards/universal-action-model
 */
import type { CardAction } from './adaptive-card.ts';
import type { ActionsBlock, ButtonElement } from './block-kit.ts';
import { slackPlainText, truncate } from './mrkdwn.ts';
import { slackLimits } from './slack-limits.ts';

/** The verb of an action: `Action.Execute.verb`, else `data.verb` (Teams drops `verb` on some invokes). */
export function actionVerb(action: CardAction): string | undefined {
  if (action.type === 'Action.OpenUrl') return undefined;
  const fromData = action.data?.['verb'];
  if (action.type === 'Action.Execute' && action.verb !== undefined) return action.verb;
  return typeof fromData === 'string' ? fromData : undefined;
}

/** The data an action carries, with its verb included so Slack and Teams payloads look alike. */
export function actionData(action: CardAction): Record<string, unknown> {
  if (action.type === 'Action.OpenUrl') return {};
  const verb = actionVerb(action);
  return verb === undefined ? { ...action.data } : { ...action.data, verb };
}

/**
 * Buttons for a list of actions, in actions blocks of at most 25 elements. An action whose value
 * or url does not fit Slack's limit is left out rather than cut: a truncated id would act on
 * something else. `used` holds the `action_id`s given so far in the message, so that ten rows'
 * Details buttons get ten different ones.
 */
export function translateActions(actions: readonly CardAction[], used: Set<string> = new Set()): ActionsBlock[] {
  const buttons = actions.flatMap((action) => {
    const button = toButton(action, used);
    return button ? [button] : [];
  });
  const blocks: ActionsBlock[] = [];
  for (let i = 0; i < buttons.length; i += slackLimits.actionsElements) {
    blocks.push({ type: 'actions', elements: buttons.slice(i, i + slackLimits.actionsElements) });
  }
  return blocks;
}

function toButton(action: CardAction, used: Set<string>): ButtonElement | undefined {
  const text = slackPlainText(action.title ?? actionVerb(action) ?? 'Open', slackLimits.buttonText, '…');
  const style = buttonStyle(action.style);
  if (action.type === 'Action.OpenUrl') {
    if (action.url.length > slackLimits.buttonUrl || action.url === '') return undefined;
    return { type: 'button', text, action_id: uniqueId('open_url', used), url: action.url, ...style };
  }
  const value = JSON.stringify(actionData(action));
  if (value.length > slackLimits.buttonValue) return undefined;
  const verb = actionVerb(action) ?? 'submit';
  return { type: 'button', text, action_id: uniqueId(verb, used), value, ...style };
}

function buttonStyle(style: string | undefined): { style?: 'primary' | 'danger' } {
  if (style === 'positive') return { style: 'primary' };
  if (style === 'destructive') return { style: 'danger' };
  return {};
}

/**
 * Slack wants `action_id`s unique within a block; we keep them unique within the message, which
 * any row of buttons may share with others: two buttons with one verb (previous / next page, the
 * Details of two rows) get `page`, `page#2`. Adapters read the verb from `value`, which always
 * carries it.
 */
function uniqueId(verb: string, used: Set<string>): string {
  const base = verb === '' ? 'action' : verb;
  let id = truncate(base, slackLimits.actionId);
  for (let n = 2; used.has(id); n += 1) id = `${truncate(base, slackLimits.actionId - String(n).length - 1)}#${n}`;
  used.add(id);
  return id;
}
