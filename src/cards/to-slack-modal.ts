/**
 * A Slack modal from an expanded card: the card's inputs become input blocks and the action named
 * by `submitVerb` becomes the modal's submit button. The verb goes to `callback_id` and the
 * action's data (ids only) to `private_metadata`, so a `view_submission` carries what an
 * `Action.Execute` invoke carries in Teams: verb, data and input values.
 *
 * @see https://api.slack.com/reference/surfaces/views
 * @see https://api.slack.com/surfaces/modals#handling_submissions
 */
import type { AdaptiveCard } from './adaptive-card.ts';
import type { SlackModal } from './block-kit.ts';
import { CardExpansionError } from './card-expansion-error.ts';
import { fitBlocks } from './fit-blocks.ts';
import { slackPlainText, truncate } from './mrkdwn.ts';
import { slackLimits } from './slack-limits.ts';
import { actionData, actionVerb } from './translate-actions.ts';
import { translateToBlockKit } from './translate-to-block-kit.ts';
import { cardActions, cardInputs, withoutActions } from './walk-card.ts';

export interface SlackModalOptions {
  /** Modal title (Slack allows 24 characters). */
  title: string;
  /** Verb of the card action that submits the modal, e.g. `deny`. */
  submitVerb: string;
  /** Label of the close button; "Cancel" by default. */
  closeLabel?: string;
}

/** Builds the modal; throws {@link CardExpansionError} if the card has no action with `submitVerb`. */
export function toSlackModal(card: AdaptiveCard, options: SlackModalOptions): SlackModal {
  const submit = cardActions(card).find((action) => actionVerb(action) === options.submitVerb);
  if (!submit) throw new CardExpansionError(`card has no action with verb "${options.submitVerb}" to submit a modal`);
  const metadata = JSON.stringify(actionData(submit));
  if (metadata.length > slackLimits.privateMetadata) {
    throw new CardExpansionError(`data of "${options.submitVerb}" is longer than Slack's private_metadata allows`);
  }
  const rest = withoutActions(card, (action) => actionVerb(action) === options.submitVerb);
  const units = translateToBlockKit(rest, 'modal');
  const hasInputs = cardInputs(rest).length > 0;
  // Inputs go first in the budget: a modal whose reason field fell off could not be submitted.
  const prioritised = units.map((unit) => (unit.blocks.some((b) => b.type === 'input') ? { ...unit, kind: 'actions' as const } : unit));
  return {
    type: 'modal',
    title: slackPlainText(options.title, slackLimits.modalTitle, 'Pax8'),
    submit: slackPlainText(submit.title ?? 'Submit', slackLimits.modalButton, 'Submit'),
    close: slackPlainText(options.closeLabel ?? 'Cancel', slackLimits.modalButton, 'Cancel'),
    callback_id: truncate(options.submitVerb, slackLimits.callbackId),
    private_metadata: metadata,
    blocks: fitBlocks(hasInputs ? prioritised : units, { maxBlocks: slackLimits.modalBlocks, maxChars: Number.POSITIVE_INFINITY }),
  };
}
