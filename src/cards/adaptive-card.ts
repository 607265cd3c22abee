/**
 * The subset of Adaptive Cards (schema 1.5) our templates use, as types (parsed by
 * `parse-adaptive-card.ts`).
 *
 * Why a subset: Teams renders the whole schema, but Slack has to get a Block Kit translation of the
 * same card, and only elements with a faithful Block Kit counterpart are allowed in `cards/`. An
 * expanded template that uses anything else fails to parse here, in tests, long before a user sees
 * a half-translated card. Presentational properties (size, color, spacing, …) pass through untouched.
 *
 * @see https://adaptivecards.io/explorer/
 */
interface ElementBase {
  id?: string | undefined;
  separator?: boolean | undefined;
}

export interface TextBlock extends ElementBase {
  type: 'TextBlock';
  text: string;
  size?: string | undefined;
  weight?: string | undefined;
  style?: string | undefined;
  isSubtle?: boolean | undefined;
}

export interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: string | undefined;
  italic?: boolean | undefined;
  strikethrough?: boolean | undefined;
  isSubtle?: boolean | undefined;
  selectAction?: CardAction | undefined;
}

export interface RichTextBlock extends ElementBase {
  type: 'RichTextBlock';
  inlines: (string | TextRun)[];
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet extends ElementBase {
  type: 'FactSet';
  facts: Fact[];
}

export interface Column {
  type?: 'Column' | undefined;
  items?: CardElement[] | undefined;
}

export interface ColumnSet extends ElementBase {
  type: 'ColumnSet';
  columns?: Column[] | undefined;
}

export interface Container extends ElementBase {
  type: 'Container';
  items: CardElement[];
}

export interface Image extends ElementBase {
  type: 'Image';
  url: string;
  altText?: string | undefined;
}

export interface ActionSet extends ElementBase {
  type: 'ActionSet';
  actions: CardAction[];
}

interface InputBase extends ElementBase {
  id: string;
  label?: string | undefined;
  isRequired?: boolean | undefined;
}

export interface TextInput extends InputBase {
  type: 'Input.Text';
  placeholder?: string | undefined;
  value?: string | undefined;
  isMultiline?: boolean | undefined;
  maxLength?: number | undefined;
}

export interface NumberInput extends InputBase {
  type: 'Input.Number';
  placeholder?: string | undefined;
  value?: number | undefined;
  min?: number | undefined;
  max?: number | undefined;
}

export interface Choice {
  title: string;
  value: string;
}

export interface ChoiceSetInput extends InputBase {
  type: 'Input.ChoiceSet';
  choices: Choice[];
  placeholder?: string | undefined;
  value?: string | undefined;
  style?: string | undefined;
  isMultiSelect?: boolean | undefined;
}

export interface DateInput extends InputBase {
  type: 'Input.Date';
  value?: string | undefined;
  placeholder?: string | undefined;
}

export interface ToggleInput extends InputBase {
  type: 'Input.Toggle';
  title: string;
  value?: string | undefined;
  valueOn?: string | undefined;
  valueOff?: string | undefined;
}

export type CardInput = TextInput | NumberInput | ChoiceSetInput | DateInput | ToggleInput;

export type CardElement =
  | TextBlock
  | RichTextBlock
  | FactSet
  | ColumnSet
  | Container
  | Image
  | ActionSet
  | CardInput;

/** Data of a card action. Ours carries only the verb and the ids to act on, never the facts. */
export type ActionData = Record<string, unknown>;

export interface ExecuteAction {
  type: 'Action.Execute';
  title?: string | undefined;
  verb?: string | undefined;
  data?: ActionData | undefined;
  style?: string | undefined;
}

export interface SubmitAction {
  type: 'Action.Submit';
  title?: string | undefined;
  data?: ActionData | undefined;
  style?: string | undefined;
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title?: string | undefined;
  url: string;
  style?: string | undefined;
}

export type CardAction = ExecuteAction | SubmitAction | OpenUrlAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body?: CardElement[] | undefined;
  actions?: CardAction[] | undefined;
  fallbackText?: string | undefined;
  refresh?: { action: ExecuteAction; userIds?: string[] | undefined } | undefined;
}
