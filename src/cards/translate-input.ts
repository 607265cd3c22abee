/**
 * Adaptive Card inputs → Slack input blocks. Slack only submits inputs from a modal (or a message
 * with `dispatch_action`), so inputs become blocks of the modal an adapter opens, e.g. the reason
 * field of "Deny". `block_id` and `action_id` are the input's `id`, so a `view_submission`'s
 * `state.values[id][id]` maps back to the same name Teams sends in `action.data`.
 *
 * @see https://api.slack.com/reference/block-kit/blocks#input
 * @see https://api.slack.com/reference/block-kit/block-elements
 */
import type { CardInput, ChoiceSetInput, ToggleInput } from './adaptive-card.ts';
import type { InputBlock, InputElement, PlainText, SlackOption } from './block-kit.ts';
import { slackPlainText, truncate } from './mrkdwn.ts';
import { slackLimits } from './slack-limits.ts';

function plain(text: string, max: number): PlainText {
  return slackPlainText(text, max, '…');
}

/** One input block, or nothing when the input cannot be shown (a choice set with no fitting choice). */
export function translateInput(input: CardInput): InputBlock | undefined {
  const id = input.id.slice(0, slackLimits.actionId);
  const element = inputElement(input, id);
  if (!element) return undefined;
  const label = input.label ?? (input.type === 'Input.Toggle' ? '' : input.id);
  return {
    type: 'input',
    block_id: id,
    label: plain(label === '' ? input.id : label, slackLimits.inputLabel),
    optional: input.isRequired !== true,
    element,
  };
}

function inputElement(input: CardInput, id: string): InputElement | undefined {
  const placeholder =
    'placeholder' in input && input.placeholder ? { placeholder: plain(input.placeholder, slackLimits.placeholder) } : {};
  switch (input.type) {
    case 'Input.Text':
      return {
        type: 'plain_text_input',
        action_id: id,
        multiline: input.isMultiline === true,
        max_length: Math.min(input.maxLength ?? slackLimits.textInputLength, slackLimits.textInputLength),
        ...(input.value ? { initial_value: truncate(input.value, slackLimits.textInputLength) } : {}),
        ...placeholder,
      };
    case 'Input.Number': {
      const numbers = [input.value, input.min, input.max].filter((n) => n !== undefined);
      return {
        type: 'number_input',
        action_id: id,
        is_decimal_allowed: numbers.some((n) => !Number.isInteger(n)),
        ...(input.value !== undefined ? { initial_value: String(input.value) } : {}),
        ...(input.min !== undefined ? { min_value: String(input.min) } : {}),
        ...(input.max !== undefined ? { max_value: String(input.max) } : {}),
        ...placeholder,
      };
    }
    case 'Input.ChoiceSet':
      return choiceElement(input, id, placeholder);
    case 'Input.Date':
      return {
        type: 'datepicker',
        action_id: id,
        ...(input.value && /^\d{4}-\d{2}-\d{2}$/.test(input.value) ? { initial_date: input.value } : {}),
        ...placeholder,
      };
    case 'Input.Toggle':
      return toggleElement(input, id);
  }
}

/** Options whose value would not fit are left out: a cut value would select something else. */
function toOptions(choices: ChoiceSetInput['choices'], max: number): SlackOption[] {
  return choices
    .filter((c) => c.value.length > 0 && c.value.length <= slackLimits.optionValue)
    .slice(0, max)
    .map((c) => ({ text: plain(c.title, slackLimits.optionText), value: c.value }));
}

function choiceElement(input: ChoiceSetInput, id: string, placeholder: { placeholder?: PlainText }): InputElement | undefined {
  const expanded = input.style === 'expanded' && input.choices.length <= slackLimits.checkboxOptions;
  const options = toOptions(input.choices, expanded ? slackLimits.checkboxOptions : slackLimits.selectOptions);
  if (options.length === 0) return undefined;
  const selected = new Set((input.value ?? '').split(',').filter((v) => v !== ''));
  const initial = options.filter((o) => selected.has(o.value));
  if (input.isMultiSelect === true) {
    const initialOptions = initial.length > 0 ? { initial_options: initial } : {};
    return expanded
      ? { type: 'checkboxes', action_id: id, options, ...initialOptions }
      : { type: 'multi_static_select', action_id: id, options, ...initialOptions, ...placeholder };
  }
  const first = initial[0];
  const initialOption = first ? { initial_option: first } : {};
  return expanded
    ? { type: 'radio_buttons', action_id: id, options, ...initialOption }
    : { type: 'static_select', action_id: id, options, ...initialOption, ...placeholder };
}

function toggleElement(input: ToggleInput, id: string): InputElement {
  const on = input.valueOn ?? 'true';
  const fits = on !== '' && on.length <= slackLimits.optionValue;
  const option = { text: plain(input.title, slackLimits.optionText), value: fits ? on : 'true' };
  return {
    type: 'checkboxes',
    action_id: id,
    options: [option],
    ...(input.value !== undefined && input.value === (input.valueOn ?? 'true') ? { initial_options: [option] } : {}),
  };
}
