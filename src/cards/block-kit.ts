/**
 * The Block Kit shapes the translator emits. Declared here rather than imported from `@slack/*`
 * because only adapters may depend on a chat SDK; these are structurally compatible with
 * `@slack/types` so the Slack adapter can pass them straight to `chat.postMessage` / `views.open`.
 *
 * @see https://api.slack.com/reference/block-kit
 */
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}

export interface ImageElement {
  type: 'image';
  image_url: string;
  alt_text: string;
}

export interface ButtonElement {
  type: 'button';
  text: PlainText;
  action_id: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
}

export interface SlackOption {
  text: PlainText;
  value: string;
}

export type InputElement =
  | { type: 'plain_text_input'; action_id: string; multiline?: boolean; initial_value?: string; placeholder?: PlainText; max_length?: number }
  | { type: 'number_input'; action_id: string; is_decimal_allowed: boolean; initial_value?: string; min_value?: string; max_value?: string; placeholder?: PlainText }
  | { type: 'static_select'; action_id: string; options: SlackOption[]; initial_option?: SlackOption; placeholder?: PlainText }
  | { type: 'multi_static_select'; action_id: string; options: SlackOption[]; initial_options?: SlackOption[]; placeholder?: PlainText }
  | { type: 'radio_buttons'; action_id: string; options: SlackOption[]; initial_option?: SlackOption }
  | { type: 'checkboxes'; action_id: string; options: SlackOption[]; initial_options?: SlackOption[] }
  | { type: 'datepicker'; action_id: string; initial_date?: string; placeholder?: PlainText };

export type HeaderBlock = { type: 'header'; text: PlainText };
export type SectionBlock = { type: 'section'; text?: MrkdwnText | PlainText; fields?: MrkdwnText[] };
export type ContextBlock = { type: 'context'; elements: (MrkdwnText | ImageElement)[] };
export type DividerBlock = { type: 'divider' };
export type ImageBlock = { type: 'image'; image_url: string; alt_text: string };
export type ActionsBlock = { type: 'actions'; block_id?: string; elements: ButtonElement[] };
export type InputBlock = { type: 'input'; block_id: string; label: PlainText; optional: boolean; element: InputElement };

export type SlackBlock =
  | HeaderBlock
  | SectionBlock
  | ContextBlock
  | DividerBlock
  | ImageBlock
  | ActionsBlock
  | InputBlock;

/** A message for `chat.postMessage` / `chat.update` / `response_url`: blocks plus the notification text. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** A modal for `views.open`; `callback_id` is the card verb, `private_metadata` the action data. */
export interface SlackModal {
  type: 'modal';
  title: PlainText;
  submit?: PlainText;
  close: PlainText;
  callback_id: string;
  private_metadata: string;
  blocks: SlackBlock[];
}
