/**
 * Modal submissions (`view_submission`): the deny reason, provisioning details and the new number
 * of seats. The modal's `callback_id` is the card verb and its `private_metadata` the action data
 * plus the channel to answer in, so a submission reaches the intent layer exactly like a Teams
 * `Action.Execute`.
 * A missing reason, a missing or refused detail and a number of seats that cannot be taken are
 * refused in the modal itself (`response_action: errors`): the modal stays open, nothing is decided.
 * A details form's answers checked against the outside world (the onboarding form against the
 * tenant) are answered in the modal too, at once or by `views.update` (`answer-in-modal.ts`).
 *
 * @see https://api.slack.com/surfaces/modals#handling_submissions
 */
import type { App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { handleCardAction } from '../../intents/index.ts';
import { detailsFormProblems } from '../../intents/provisioning.ts';
import { readSeatsAnswer } from '../../intents/seats-form.ts';
import { wireIds } from '../../wire-ids.ts';
import { answerSlack, tellPrivately } from './answer-slack.ts';
import { slackFaultMessage } from './on-slash-command.ts';
import { plainMessage } from './render-for-slack.ts';
import { answerInModal, type PreparedSubmission, prepareSubmission, unreadableFormMessage } from './answer-in-modal.ts';
import { inputValue, modalMetadataSchema, parseJson, stateValuesSchema, type StateValues } from './slack-payloads.ts';
import type { AnswerTarget, SlackForm, SlackRuntime } from './slack-runtime.ts';

type Submission = SlackViewMiddlewareArgs<ViewSubmitAction>;
const prefix = wireIds.slack.detailsBlockPrefix;
const seatsInput = wireIds.slack.seatsInput;

function detailsFrom(values: StateValues): Record<string, string | string[]> {
  const details: Record<string, string | string[]> = {};
  for (const blockId of Object.keys(values).filter((id) => id.startsWith(prefix))) {
    const value = inputValue(values, blockId);
    if (value !== undefined) details[blockId.slice(prefix.length)] = value;
  }
  return details;
}

async function submit(rt: SlackRuntime, args: Submission, extra: Record<string, unknown>): Promise<void> {
  let prepared: PreparedSubmission | undefined;
  try {
    prepared = await prepareSubmission(rt, args, extra);
    if (!prepared.ok) return prepared.reason === 'unreadable' ? await tellPrivately(rt, prepared.target, plainMessage(unreadableFormMessage), false) : undefined;
    await answerSlack(rt, handleCardAction(prepared.action, prepared.context, rt.intents), prepared.target);
  } catch (error) {
    const log = prepared && 'log' in prepared ? prepared.log : rt.log;
    log.error({ err: error }, 'handling a modal submission failed');
    const target: AnswerTarget = prepared && 'target' in prepared ? prepared.target : { channel: '', user: args.body.user.id, email: undefined, clicked: null };
    await tellPrivately(rt, target, plainMessage(slackFaultMessage), false).catch(() => undefined);
  }
}

export function onViewSubmission(app: App, rt: SlackRuntime): void {
  app.view<ViewSubmitAction>({ callback_id: wireIds.cardVerbs.deny, type: 'view_submission' }, async (args) => {
    const values = stateValuesSchema.safeParse(args.view.state.values);
    const reason = values.success ? inputValue(values.data, wireIds.slack.reasonInput) : undefined;
    if (typeof reason !== 'string') {
      await args.ack({ response_action: 'errors', errors: { [wireIds.slack.reasonInput]: 'Say why, so the requester knows.' } });
      return;
    }
    await args.ack();
    await submit(rt, args, { reason });
  });
  app.view<ViewSubmitAction>({ callback_id: wireIds.cardVerbs.submitDetails, type: 'view_submission' }, async (args) => {
    const values = stateValuesSchema.safeParse(args.view.state.values);
    const details = values.success ? detailsFrom(values.data) : {};
    // Answers missing or refused are shown next to their fields and the modal stays open; the
    // form's fields come from the form this process showed (after a restart the intent layer
    // checks them instead, and shows the form again with the same messages).
    const form = formOf(rt, args.view.private_metadata);
    const problems = form?.kind === 'detailsForm' ? detailsFormProblems(form.fields, details, form.product ? undefined : 'is needed') : {};
    if (Object.keys(problems).length > 0) {
      await args.ack({ response_action: 'errors', errors: Object.fromEntries(Object.entries(problems).map(([key, message]) => [`${prefix}${key}`, message])) });
      return;
    }
    // What needs the outside world (the tenant) is checked too before the modal closes, or in it.
    await answerInModal(rt, args, { details });
  });
  app.view<ViewSubmitAction>({ callback_id: wireIds.cardVerbs.submitSeats, type: 'view_submission' }, async (args) => {
    const values = stateValuesSchema.safeParse(args.view.state.values);
    const typed = values.success ? inputValue(values.data, seatsInput) : undefined;
    const quantity = typeof typed === 'string' ? typed : '';
    // Checked here, against the form this process showed, so that the modal stays open with the
    // reason beside the number; after a restart the intent layer checks it and shows the form again.
    const form = formOf(rt, args.view.private_metadata);
    const read = form?.kind === 'seatsForm' ? readSeatsAnswer(quantity, form.subscription.quantity) : undefined;
    if (read && !read.ok) {
      await args.ack({ response_action: 'errors', errors: { [seatsInput]: read.problem } });
      return;
    }
    await args.ack();
    await submit(rt, args, { [seatsInput]: quantity });
  });
  app.view<ViewSubmitAction>({ callback_id: wireIds.cardVerbs.submitOffboard, type: 'view_submission' }, async (args) => {
    // Toggles and choices cannot be answered wrongly; what the intent layer refuses comes back as the form again.
    const values = stateValuesSchema.safeParse(args.view.state.values);
    await args.ack();
    await submit(rt, args, values.success ? offboardAnswers(values.data) : {});
  });
}

/** Every input of the offboarding form, by block id: its toggles (checked values) and its seat choices. */
function offboardAnswers(values: StateValues): Record<string, string | string[]> {
  const s = wireIds.slack;
  const answers: Record<string, string | string[]> = {};
  for (const blockId of Object.keys(values)) {
    if (blockId !== s.offboardBlockInput && blockId !== s.offboardRemoveInput && !blockId.startsWith(s.offboardSeatPrefix)) continue;
    answers[blockId] = inputValue(values, blockId) ?? [];
  }
  return answers;
}

/** The form a modal was built from, as this process showed it (by the command its submission re-runs). */
function formOf(rt: SlackRuntime, privateMetadata: string | undefined): SlackForm | undefined {
  const command = parseJson(modalMetadataSchema, privateMetadata)?.data['command'];
  return typeof command === 'string' ? rt.forms.get(command) : undefined;
}
