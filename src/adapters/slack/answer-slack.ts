/**
 * Shows the intent layer's answer in Slack. Most answers go to the person who asked, privately
 * (`response_url` / `chat.postEphemeral`); an approval card is posted as a real message in the
 * channel (so `chat.update` can keep it true) and recorded as a copy of the request; a decision's
 * outcome is a private line for the clicker, since the delivery updates every card anyway.
 *
 * @see https://api.slack.com/interactivity/handling#message_responses
 */
import { cardViewer } from '../../approvals/approval-policy.ts';
import type { SlackMessage } from '../../cards/block-kit.ts';
import { approvalCard } from '../../intents/approval-card.ts';
import type { IntentResult } from '../../intents/index.ts';
import { performance } from 'node:perf_hooks';
import type { ApprovalRequestView, View } from '../../views/index.ts';
import { settleWithin } from '../settle-within.ts';
import { type PlainMessage, plainMessage, slackMessageFor } from './render-for-slack.ts';
import type { AnswerTarget, SlackRuntime } from './slack-runtime.ts';

/**
 * Shows `now`, or `later` when it comes. A "working on it" message is shown only when the answer
 * takes longer than `workingAfterMs` and there is a `response_url` whose later answer replaces it;
 * not under a list whose row was clicked, as replacing would then replace the list.
 */
export async function answerSlack(rt: SlackRuntime, result: IntentResult, target: AnswerTarget): Promise<void> {
  const replaceClicked = target.clicked === 'replace';
  if (!result.later) return showView(rt, result.now, target, replaceClicked);
  const quick = await settleWithin(result.later, rt.workingAfterMs);
  if (quick.done) return showView(rt, quick.value, target, replaceClicked);
  const working = target.respond !== undefined && target.clicked !== 'keep';
  if (working) await showView(rt, result.now, target, replaceClicked);
  const progress = working && result.updates ? showProgress(rt, result.updates, target) : undefined;
  const answer = await result.later;
  await progress?.stop();
  await showView(rt, answer, target, working);
}

/** Slack takes five answers through one `response_url`: the "working" one, three progress updates at most, and the answer. */
const maxProgressUpdates = 3;
const progressEveryMs = 5000;

/** Replaces the "working" message with the latest progress now and then, within what `response_url` allows. */
function showProgress(rt: SlackRuntime, updates: NonNullable<IntentResult['updates']>, target: AnswerTarget): { stop(): Promise<void> } {
  let shown = 0;
  let lastAt = performance.now();
  let stopped = false;
  let chain = Promise.resolve();
  updates.listen((view) => {
    const now = performance.now();
    if (stopped || shown >= maxProgressUpdates || now - lastAt < progressEveryMs) return;
    shown += 1;
    lastAt = now;
    chain = chain.then(() => (stopped ? undefined : showView(rt, view, target, true))).catch((error: unknown) => rt.log.warn({ err: error }, 'could not show progress in Slack'));
  });
  return {
    stop: () => {
      stopped = true;
      return chain;
    },
  };
}

/**
 * A CSV export is uploaded to the conversation (Slack's upload flow: `files.getUploadURLExternal`,
 * the upload, `files.completeUploadExternal`), or to the person's DM with the bot when the bot may
 * not post where they asked.
 */
async function uploadDownload(rt: SlackRuntime, view: View, target: AnswerTarget): Promise<void> {
  const download = 'download' in view ? view.download : null;
  const file = download ? await rt.intents.files?.read(download.fileId) : undefined;
  if (!download || !file) return;
  const upload = (channel: string) =>
    rt.client.filesUploadV2({ channel_id: channel, filename: file.name, title: file.name, content: file.content, initial_comment: `${download.rows} rows` });
  try {
    await upload(target.channel);
  } catch (error) {
    rt.log.info({ err: error }, 'could not upload the CSV where it was asked for; sending it to the DM');
    await upload(await rt.outbox.dmChannel(target.user));
  }
}

/** Shows one view to `target`; `replace` replaces the previous `response_url` message. */
export async function showView(rt: SlackRuntime, view: View, target: AnswerTarget, replace: boolean): Promise<void> {
  // Rendering costs CPU: it waits for a turn in which no Slack request waits for its ack.
  await rt.turns.next();
  switch (view.kind) {
    case 'approvalRequest':
      await postCopy(rt, view, target);
      if (replace && target.respond) await target.respond({ delete_original: true });
      return;
    case 'approvalResult':
      return tellPrivately(rt, target, plainMessage(view.message), replace);
    case 'detailsForm':
    case 'seatsForm':
    case 'offboardForm':
      rt.forms.set(view.command, view);
      return tellPrivately(rt, target, slackMessageFor(view), replace);
    case 'reconcileSummary':
    case 'fileExport':
      await tellPrivately(rt, target, slackMessageFor(view), replace);
      return uploadDownload(rt, view, target);
    default:
      return tellPrivately(rt, target, slackMessageFor(view), replace);
  }
}

/** A message only `target.user` sees: through `response_url`, else `chat.postEphemeral`, else a DM. */
export async function tellPrivately(rt: SlackRuntime, target: AnswerTarget, message: SlackMessage | PlainMessage, replace: boolean): Promise<void> {
  if (target.respond) {
    await target.respond({ ...message, response_type: 'ephemeral', replace_original: replace });
    return;
  }
  try {
    await rt.client.chat.postEphemeral({ channel: target.channel, user: target.user, ...message });
  } catch {
    // Not in that channel (a private channel, someone else's DM): a DM always reaches them.
    await rt.client.chat.postMessage({ channel: await rt.outbox.dmChannel(target.user), ...message });
  }
}

/**
 * A copy of an approval card for the person who asked — the requester's copy of a new request, or
 * the card `request <id>` (a list row's Show card) shows — in the channel where they asked (or their
 * DM with the bot when the bot may not post there), with the buttons the policy gives them (Cancel
 * for the requester, Approve and Deny for an approver), recorded so every later transition updates it.
 */
async function postCopy(rt: SlackRuntime, view: ApprovalRequestView, target: AnswerTarget): Promise<void> {
  const viewer = cardViewer(rt.intents.policy, target.email, view.request.requester.email);
  const message = slackMessageFor(view, viewer);
  let channel = target.channel;
  let posted = await rt.client.chat.postMessage({ channel, ...message }).catch(() => undefined);
  if (!posted) {
    channel = await rt.outbox.dmChannel(target.user);
    posted = await rt.client.chat.postMessage({ channel, ...message });
  }
  const ts = posted.ts;
  if (!ts) throw new Error('chat.postMessage returned no ts');
  rt.outbox.rememberCopy(channel, ts, viewer);
  await rt.delivery.recordCopy(view.request.id, 'slack', channel, ts);
  // A transition between rendering and recording would have missed this copy: bring it up to date.
  const current = await rt.intents.approvals.get(view.request.id);
  if (current && current.version !== view.request.version) {
    await rt.client.chat.update({ channel, ts, ...slackMessageFor({ kind: 'approvalRequest', request: approvalCard(current) }, viewer) });
  }
}
