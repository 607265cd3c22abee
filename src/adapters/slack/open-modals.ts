/**
 * Buttons whose action needs input open a modal built from the card's inputs (`toSlackModal`):
 * Deny asks for the reason, Continue on a detail form asks for the missing provisioning details.
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
import type { DetailsFormView } from '../../views/index.ts';
import { wireIds } from '../../wire-ids.ts';
import { answerSlack } from './answer-slack.ts';
import { approverCopy } from './render-for-slack.ts';
import type { ButtonValue, ModalMetadata } from './slack-payloads.ts';
import type { AnswerTarget, SlackRuntime } from './slack-runtime.ts';

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

/**
 * Continue on a detail form: the modal is built from the form shown earlier. A form this process
 * has not shown (a restart, another replica) is asked for again; if that takes too long for the
 * trigger, the form is shown again and the next click opens it.
 */
export async function openDetailsModal(rt: SlackRuntime, click: ModalClick): Promise<void> {
  const command = typeof click.value['command'] === 'string' ? click.value['command'] : '';
  let form: DetailsFormView | undefined = rt.forms.get(command);
  if (!form) {
    const result = handleCommand(command, click.context, rt.intents);
    const view = result.later ? await result.later : result.now;
    if (view.kind !== 'detailsForm') return answerSlack(rt, { now: view }, click.target);
    form = view;
    rt.forms.set(command, view);
  }
  const modal = toSlackModal(expandCard('detailsForm', form), { title: 'Order details', submitVerb: wireIds.cardVerbs.submitDetails });
  await open(rt, click, modal);
}
