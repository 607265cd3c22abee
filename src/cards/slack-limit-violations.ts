/**
 * Lists every way a message or modal breaks Slack's limits — empty when it respects them all.
 * Tests assert it is empty for every translation; adapters may log it as a last line of defence.
 *
 * @see https://api.slack.com/reference/block-kit/blocks
 */
import type { ButtonElement, InputElement, SlackBlock, SlackMessage, SlackModal, SlackOption } from './block-kit.ts';
import { countChars } from './fit-blocks.ts';
import { slackLimits as L } from './slack-limits.ts';

type Check = [ok: boolean, problem: string];

function over(text: string | undefined, max: number, what: string): Check {
  return [text === undefined || (text.length <= max && (max === 0 || text.length > 0)), `${what} has ${text?.length} characters (1..${max})`];
}

function optionChecks(options: readonly SlackOption[], max: number, at: string): Check[] {
  return [
    [options.length >= 1 && options.length <= max, `${at} has ${options.length} options (1..${max})`],
    ...options.flatMap((o, i) => [over(o.text.text, L.optionText, `${at} option ${i} text`), over(o.value, L.optionValue, `${at} option ${i} value`)]),
  ];
}

function buttonChecks(b: ButtonElement, at: string): Check[] {
  return [over(b.text.text, L.buttonText, `${at} text`), over(b.value, L.buttonValue, `${at} value`), over(b.url, L.buttonUrl, `${at} url`), over(b.action_id, L.actionId, `${at} action_id`)];
}

function elementChecks(e: InputElement, at: string): Check[] {
  const checks: Check[] = [over(e.action_id, L.actionId, `${at} action_id`)];
  if ('placeholder' in e) checks.push(over(e.placeholder?.text, L.placeholder, `${at} placeholder`));
  if (e.type === 'plain_text_input') checks.push(over(e.initial_value, L.textInputLength, `${at} initial_value`));
  if (e.type === 'static_select' || e.type === 'multi_static_select') checks.push(...optionChecks(e.options, L.selectOptions, at));
  if (e.type === 'checkboxes' || e.type === 'radio_buttons') checks.push(...optionChecks(e.options, L.checkboxOptions, at));
  return checks;
}

function blockChecks(block: SlackBlock, at: string): Check[] {
  switch (block.type) {
    case 'header':
      return [over(block.text.text, L.headerText, `${at} header`)];
    case 'section':
      return [
        [block.text !== undefined || (block.fields?.length ?? 0) > 0, `${at} section has neither text nor fields`],
        over(block.text?.text, L.sectionText, `${at} section text`),
        [(block.fields?.length ?? 0) <= L.sectionFields, `${at} section has ${block.fields?.length} fields`],
        ...(block.fields ?? []).map((f, i) => over(f.text, L.sectionFieldText, `${at} field ${i}`)),
      ];
    case 'context':
      return [
        [block.elements.length >= 1 && block.elements.length <= L.contextElements, `${at} context has ${block.elements.length} elements`],
        ...block.elements.map((e, i) => (e.type === 'mrkdwn' ? over(e.text, L.contextText, `${at} context ${i}`) : over(e.image_url, L.imageUrl, `${at} context image ${i}`))),
      ];
    case 'actions':
      return [
        [block.elements.length >= 1 && block.elements.length <= L.actionsElements, `${at} actions has ${block.elements.length} elements`],
        ...block.elements.flatMap((b, i) => buttonChecks(b, `${at} button ${i}`)),
      ];
    case 'image':
      return [over(block.image_url, L.imageUrl, `${at} image_url`), over(block.alt_text, L.imageAltText, `${at} alt_text`)];
    case 'input':
      return [over(block.label.text, L.inputLabel, `${at} label`), over(block.block_id, L.blockId, `${at} block_id`), ...elementChecks(block.element, at)];
    case 'divider':
      return [];
  }
}

/** Every button's `action_id` once in the message (rows of buttons share verbs): a click names one button. */
function actionIdChecks(blocks: readonly SlackBlock[]): Check[] {
  const ids = blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.action_id) : []));
  const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  return [[repeated.length === 0, `action_id used more than once: ${repeated.join(', ')}`]];
}

function problems(checks: readonly Check[]): string[] {
  return checks.filter(([ok]) => !ok).map(([, problem]) => problem);
}

export function messageLimitViolations(message: SlackMessage): string[] {
  return problems([
    over(message.text, L.messageChars, 'text'),
    [message.blocks.length <= L.messageBlocks, `${message.blocks.length} blocks (max ${L.messageBlocks})`],
    [countChars(message) <= L.messageChars, `${countChars(message)} characters in all (max ${L.messageChars})`],
    ...actionIdChecks(message.blocks),
    ...message.blocks.flatMap((b, i) => blockChecks(b, `block ${i}`)),
  ]);
}

export function modalLimitViolations(modal: SlackModal): string[] {
  return problems([
    over(modal.title.text, L.modalTitle, 'title'),
    over(modal.submit?.text, L.modalButton, 'submit'),
    over(modal.close.text, L.modalButton, 'close'),
    over(modal.callback_id, L.callbackId, 'callback_id'),
    over(modal.private_metadata, L.privateMetadata, 'private_metadata'),
    [modal.blocks.length <= L.modalBlocks, `${modal.blocks.length} blocks (max ${L.modalBlocks})`],
    ...modal.blocks.flatMap((b, i) => blockChecks(b, `block ${i}`)),
  ]);
}
