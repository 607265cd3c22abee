/**
 * A form's submission whose checks read the outside world (the onboarding form: the user name free
 * in the tenant, the manager found) is answered in the modal that sent it, which stays open:
 * - checks done within {@link ackBudgetMs}: the ack carries the refusals next to their fields
 *   (`response_action: errors`), or the form again when it asks more (`update`), or closes the modal
 *   when the answer is something else (the request card is posted as for any command);
 * - checks still running: the ack shows a "checking" view without a submit button (so the same
 *   answers cannot be sent twice) that lists what was typed; when the checks finish, `views.update`
 *   shows the form again with each refusal under its field, or "Request opened", or the answer.
 *
 * @see https://api.slack.com/surfaces/modals#handling_submissions
 * @see https://api.slack.com/surfaces/modals#updating_apis
 */
import { performance } from 'node:perf_hooks';
import type { SlackViewMiddlewareArgs, ViewSubmitAction, ViewOutput } from '@slack/bolt';
import type { SlackModal } from '../../cards/block-kit.ts';
import { handleCardAction, identityNeededFor, type RequestContext } from '../../intents/index.ts';
import type { DetailsFormView, View } from '../../views/index.ts';
import { wireIds } from '../../wire-ids.ts';
import { settleWithin } from '../settle-within.ts';
import { answerSlack, tellPrivately } from './answer-slack.ts';
import { slackFaultMessage } from './on-slash-command.ts';
import { formModal } from './open-modals.ts';
import { plainMessage, slackMessageFor } from './render-for-slack.ts';
import { inputValue, modalMetadataSchema, parseJson, stateValuesSchema } from './slack-payloads.ts';
import type { AnswerTarget, SlackRuntime } from './slack-runtime.ts';
import type { Logger } from '../../log.ts';

type Submission = SlackViewMiddlewareArgs<ViewSubmitAction>;

/** Slack waits 3 seconds for a submission's ack; the answer must be on its way before then. */
export const ackBudgetMs = 2_500;

/** A submission made ready for the intent layer, or why it is not taken. */
export type PreparedSubmission =
  | { readonly ok: true; readonly action: Record<string, unknown>; readonly context: RequestContext; readonly target: AnswerTarget; readonly log: Logger }
  | { readonly ok: false; readonly reason: 'repeated' }
  | { readonly ok: false; readonly reason: 'unreadable'; readonly target: AnswerTarget; readonly log: Logger };

/**
 * Who submitted what, as a card action. One version of a view (its id and `hash`) is one event: a
 * repeated delivery is dropped here, and the store's idempotency key (the event id) keeps another
 * replica from opening a second request for it.
 */
export async function prepareSubmission(rt: SlackRuntime, { body, view }: Submission, extra: Record<string, unknown>): Promise<PreparedSubmission> {
  const eventId = submissionEventId(view);
  const log = rt.log.child({ platform: 'slack', eventId, user: body.user.id });
  if (!rt.seen.firstTime(eventId)) {
    log.info('dropped a repeated modal submission');
    return { ok: false, reason: 'repeated' };
  }
  const metadata = parseJson(modalMetadataSchema, view.private_metadata);
  const target: AnswerTarget = { channel: metadata?.channel ?? '', user: body.user.id, email: undefined, clicked: null };
  if (!metadata) return { ok: false, reason: 'unreadable', target, log };
  const action = { ...metadata.data, ...extra };
  const actor = await rt.identity.actorFor(body.user.id, identityNeededFor(action));
  const channel = { platform: 'slack' as const, id: metadata.channel, isPersonal: metadata.channel.startsWith('D') };
  return { ok: true, action, context: { actor, channel, eventId }, target: { ...target, email: actor.email }, log };
}

const submissionEventId = (view: ViewOutput) => `slack:view:${view.id}:${view.hash}`;

export const unreadableFormMessage = 'That form sent data the bot does not understand; run the command again.';

/** What the checks came to: the answer, or why there is none. */
type Outcome = { readonly view: View; readonly target: AnswerTarget } | { readonly problem: 'repeated' } | { readonly problem: 'unreadable' | 'fault'; readonly target: AnswerTarget };

/** Acks the submission of a details form in the modal itself; see the module comment. */
export async function answerInModal(rt: SlackRuntime, args: Submission, extra: Record<string, unknown>): Promise<void> {
  const started = performance.now();
  let working = 'Checking your answers…';
  let target: AnswerTarget = { channel: '', user: args.body.user.id, email: undefined, clicked: null };
  const outcome = (async (): Promise<Outcome> => {
    try {
      const prepared = await prepareSubmission(rt, args, extra);
      if (!prepared.ok) return prepared.reason === 'repeated' ? { problem: 'repeated' } : { problem: 'unreadable', target: prepared.target };
      target = prepared.target;
      const result = handleCardAction(prepared.action, prepared.context, rt.intents);
      if (result.now.kind === 'working') working = result.now.message;
      return { view: result.later ? await result.later : result.now, target };
    } catch (error) {
      rt.log.error({ err: error, platform: 'slack', eventId: submissionEventId(args.view), user: args.body.user.id }, 'handling a modal submission failed');
      return { problem: 'fault', target };
    }
  })();
  const quick = await settleWithin(outcome, Math.max(0, ackBudgetMs - (performance.now() - started)));
  if (quick.done) {
    const inModal = 'view' in quick.value ? formAnswer(rt, quick.value.view, args.view) : null;
    if (inModal?.response_action === 'errors') rt.seen.forget(submissionEventId(args.view));
    if (inModal) return args.ack(inModal);
    // Anything else closes the modal (a repeated delivery too: its first delivery answers it).
    await args.ack();
    return showOutcome(rt, quick.value);
  }
  await args.ack({ response_action: 'update', view: checkingModal(args.view, working) });
  const late = await outcome;
  const form = 'view' in late ? formAnswer(rt, late.view, args.view) : null;
  const updated = await updateModal(rt, args.view, late, form !== null).then(
    () => true,
    (error: unknown) => {
      rt.log.warn({ err: error, viewId: args.view.id }, 'could not update the modal; the answer is shown as a message');
      return false;
    },
  );
  // A form shown again in the modal needs no message too; if the modal could not take it, it comes as one.
  if (!(updated && form)) await showOutcome(rt, late);
}

/** The answer outside the modal, as for a command: the request card posted, a refusal privately. */
async function showOutcome(rt: SlackRuntime, outcome: Outcome): Promise<void> {
  if ('problem' in outcome) {
    if (outcome.problem === 'repeated') return;
    const message = outcome.problem === 'unreadable' ? unreadableFormMessage : slackFaultMessage;
    return tellPrivately(rt, outcome.target, plainMessage(message), false).catch(() => undefined);
  }
  try {
    await answerSlack(rt, { now: outcome.view }, outcome.target);
  } catch (error) {
    rt.log.error({ err: error, platform: 'slack', user: outcome.target.user }, 'showing the answer to a modal submission failed');
    await tellPrivately(rt, outcome.target, plainMessage(slackFaultMessage), false).catch(() => undefined);
  }
}

/**
 * The ack that keeps the modal open: the refusals under their fields when the form came back with
 * the same fields, the new form when it asks more (a new order's provisioning details); null when
 * the answer is not this form.
 */
function formAnswer(rt: SlackRuntime, view: View, submitted: ViewOutput): { response_action: 'errors'; errors: Record<string, string> } | { response_action: 'update'; view: SlackModal } | null {
  const command = parseJson(modalMetadataSchema, submitted.private_metadata)?.data['command'];
  if (view.kind !== 'detailsForm' || view.command !== command) return null;
  rt.forms.set(view.command, view);
  const prefix = wireIds.slack.detailsBlockPrefix;
  const shown = new Set(submitted.blocks.flatMap((b) => (b.type === 'input' && typeof b.block_id === 'string' && b.block_id.startsWith(prefix) ? [b.block_id] : [])));
  const asked = view.fields.map((f) => `${prefix}${f.key}`);
  const refused = view.fields.filter((f) => f.problem !== null);
  if (refused.length > 0 && asked.length === shown.size && asked.every((id) => shown.has(id))) {
    return { response_action: 'errors', errors: Object.fromEntries(refused.map((f) => [`${prefix}${f.key}`, f.problem ?? ''])) };
  }
  return { response_action: 'update', view: modalOf(view, submitted) };
}

/** The form as a modal that submits like the one it replaces (same action data, same channel). */
function modalOf(form: DetailsFormView, submitted: ViewOutput): SlackModal {
  return { ...formModal(form), private_metadata: submitted.private_metadata };
}

/** Slack's limit on a section's text. */
const sectionMax = 3000;

/** A modal of plain lines, without a submit button. */
function plainModal(submitted: ViewOutput, lines: readonly string[]): SlackModal {
  const text = lines.join('\n').slice(0, sectionMax);
  return {
    type: 'modal',
    title: { type: 'plain_text', text: submitted.title.text.slice(0, 24) || 'Pax8' },
    close: { type: 'plain_text', text: 'Close' },
    callback_id: submitted.callback_id,
    private_metadata: submitted.private_metadata,
    // Plain text: a name typed in the form is shown as typed, never as a mention or a link.
    blocks: [{ type: 'section', text: { type: 'plain_text', text } }],
  };
}

/** "Checking…" with what was typed, label by label, so the person sees their answers are kept. */
function checkingModal(submitted: ViewOutput, working: string): SlackModal {
  const values = stateValuesSchema.safeParse(submitted.state.values);
  const typed = submitted.blocks.flatMap((block) => {
    if (block.type !== 'input' || typeof block.block_id !== 'string' || !values.success) return [];
    const label = (block as { label?: { text?: string } }).label?.text ?? block.block_id;
    const value = inputValue(values.data, block.block_id);
    return value === undefined || value.length === 0 ? [] : [`${label}: ${Array.isArray(value) ? value.join(', ') : value}`];
  });
  return plainModal(submitted, [working, '', ...typed]);
}

/**
 * Replaces the "checking" view with the outcome. Without a `hash`: the one this bot has is the
 * submitted version's, which the "checking" view replaced (Slack would answer `hash_conflict`), and
 * that view has nothing anyone can change or submit.
 */
async function updateModal(rt: SlackRuntime, submitted: ViewOutput, outcome: Outcome, isForm: boolean): Promise<void> {
  let modal: SlackModal;
  if ('problem' in outcome) {
    if (outcome.problem === 'repeated') return;
    modal = plainModal(submitted, [outcome.problem === 'unreadable' ? unreadableFormMessage : slackFaultMessage]);
  } else if (outcome.view.kind === 'detailsForm' && isForm) {
    modal = modalOf(outcome.view, submitted);
  } else if (outcome.view.kind === 'approvalRequest') {
    const request = outcome.view.request;
    modal = plainModal(submitted, [`Request opened (${request.id}): ${request.summary}.`, '', 'An approver decides on its card; you are told the outcome.']);
  } else {
    modal = plainModal(submitted, [slackMessageFor(outcome.view).text]);
  }
  await rt.client.views.update({ view_id: submitted.id, view: modal });
}
