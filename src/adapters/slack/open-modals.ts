/**
 * Buttons whose action needs input open a modal built from the card's inputs (`toSlackModal`):
 * Deny asks for the reason, a form (the details an order needs, the new number of seats) for its
 * answers.
 * `views.open` needs the click's `trigger_id`, which Slack honours for 3 seconds, so only fast,
 * local reads happen before it.
 *
 * @see https://api.slack.com/surfaces/modals#opening
 */
import type { SlackModal } from '../../cards/block-kit.ts';
import { expandCard } from '../../cards/expand-card.ts';
import { toSlackModal } from '../../cards/to-slack-modal.ts';
import { approvalCard } from '../../intents/approval-card.ts';
import { handleCardAction, handleCommand, type RequestContext } from '../../intents/index.ts';
import { mayApprove } from '../../approvals/approval-policy.ts';
import type { View } from '../../views/index.ts';
import { wireIds } from '../../wire-ids.ts';
import { type Settled, settleWithin } from '../settle-within.ts';
import { answerSlack } from './answer-slack.ts';
import { approverCopy } from './render-for-slack.ts';
import type { ButtonValue, ModalMetadata } from './slack-payloads.ts';
import type { AnswerTarget, SlackForm, SlackRuntime } from './slack-runtime.ts';

export interface ModalClick {
  readonly triggerId: string;
  readonly value: ButtonValue;
  readonly context: RequestContext;
  readonly target: AnswerTarget;
}

const reasonId = wireIds.slack.reasonInput;

async function open(rt: SlackRuntime, click: ModalClick, modal: SlackModal): Promise<void> {
  const metadata: ModalMetadata = { data: JSON.parse(modal.private_metadata) as ButtonValue, channel: click.target.channel };
  await rt.client.views.open({ trigger_id: click.triggerId, view: { ...modal, private_metadata: JSON.stringify(metadata) } });
}

/**
 * Deny: an approver gets the card in a modal with a required reason field. Anyone else, or a
 * request no longer pending, goes straight to the intent layer, whose refusal (not authorised,
 * already decided) is shown privately and changes nothing.
 */
export async function openDenyModal(rt: SlackRuntime, click: ModalClick): Promise<void> {
  const requestId = typeof click.value['requestId'] === 'string' ? click.value['requestId'] : '';
  const request = requestId === '' ? undefined : await rt.intents.approvals.get(requestId);
  if (!request || request.state !== 'pending' || !mayApprove(rt.intents.policy, click.context.actor.email)) {
    return answerSlack(rt, handleCardAction(click.value, click.context, rt.intents), click.target);
  }
  const card = expandCard('approvalRequest', { kind: 'approvalRequest', request: approvalCard(request) }, { viewer: approverCopy });
  const modal = toSlackModal(card, { title: 'Deny request', submitVerb: wireIds.cardVerbs.deny });
  const blocks = modal.blocks
    .filter((block) => block.type !== 'actions')
    .map((block) => (block.type === 'input' ? { ...block, block_id: reasonId, optional: false, element: { ...block.element, action_id: reasonId } } : block));
  await open(rt, click, { ...modal, blocks });
}

/** Each form's modal: its title, and the verb of the card action that submits it. */
const formModals = {
  detailsForm: { title: 'Order details', submitVerb: wireIds.cardVerbs.submitDetails },
  seatsForm: { title: 'Change seats', submitVerb: wireIds.cardVerbs.submitSeats },
  offboardForm: { title: 'Offboard a user', submitVerb: wireIds.cardVerbs.submitOffboard },
} as const;

function isForm(view: View): view is SlackForm {
  return Object.hasOwn(formModals, view.kind);
}

/** A form as a modal (the onboarding form's details form is titled "New user"). */
export function formModal(form: SlackForm): SlackModal {
  const { submitVerb } = formModals[form.kind];
  // The same form kind asks for a new user's details (`onboard`), which is not an order.
  const title = form.kind === 'detailsForm' && form.product === null ? 'New user' : formModals[form.kind].title;
  return toSlackModal(expandCard(form.kind, form), { title, submitVerb });
}

/**
 * The button of a form shown as a message (Continue, Request change): the modal is built from the
 * form shown earlier. A form this process has not shown (a restart, another replica) is asked for
 * again; if that takes too long for the trigger, the form is shown again and the next click opens it.
 */
export async function openFormModal(rt: SlackRuntime, click: ModalClick): Promise<void> {
  const command = typeof click.value['command'] === 'string' ? click.value['command'] : '';
  let form: SlackForm | undefined = rt.forms.get(command);
  if (!form) {
    const result = handleCommand(command, click.context, rt.intents);
    const view = result.later ? await result.later : result.now;
    if (!isForm(view)) return answerSlack(rt, { now: view }, click.target);
    form = view;
    rt.forms.set(command, view);
  }
  await open(rt, click, formModal(form));
}

/**
 * How long a command's answer may take and still open as a modal: Slack honours a click's
 * `trigger_id` for 3 seconds, and the ack and the identity lookup came first.
 */
const triggerBudgetMs = 2_000;

/**
 * A button that runs a command (`choose`: a list row's button, a choice). When the answer is a form
 * — the seats form of a row's Seats, the details a chosen product needs — and comes while the
 * click's trigger is good, it opens as a modal at once, Slack taking input only in modals. Otherwise
 * the answer is shown as usual (a form as a message whose button opens it).
 */
export async function answerChoice(rt: SlackRuntime, click: ModalClick): Promise<void> {
  const result = handleCardAction(click.value, click.context, rt.intents);
  const settled: Settled<View> = result.later ? await settleWithin(result.later, triggerBudgetMs) : { done: true, value: result.now };
  if (settled.done && isForm(settled.value)) {
    rt.forms.set(settled.value.command, settled.value);
    try {
      return await open(rt, click, formModal(settled.value));
    } catch (error) {
      rt.log.warn({ err: error }, 'could not open the form as a modal; it is shown as a message instead');
    }
  }
  await answerSlack(rt, settled.done ? { now: settled.value } : result, click.target);
}
