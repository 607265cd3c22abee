/**
 * The parts of Slack interactivity payloads the adapter reads beyond what Bolt's types guarantee:
 * button values (our JSON), the click's container, modal metadata and input values. Parsed, not cast.
 *
 * @see https://api.slack.com/reference/interaction-payloads/block-actions
 * @see https://api.slack.com/reference/interaction-payloads/views#view_submission
 */
import { z } from 'zod';

/** A button's `value`: the card action data, always with its verb (see `translate-actions.ts`). */
export const buttonValueSchema = z.looseObject({ verb: z.string().min(1).max(64) });
export type ButtonValue = z.infer<typeof buttonValueSchema>;

/** Where a button was clicked: a message (maybe ephemeral) or a modal. */
export const containerSchema = z.looseObject({
  type: z.string(),
  message_ts: z.string().optional(),
  channel_id: z.string().optional(),
  is_ephemeral: z.boolean().optional(),
});

/** What the adapter keeps in a modal's `private_metadata`: the action data and where to answer. */
export const modalMetadataSchema = z.object({ data: buttonValueSchema, channel: z.string().min(1) });
export type ModalMetadata = z.infer<typeof modalMetadataSchema>;

const inputValueSchema = z.looseObject({
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_date: z.string().nullish(),
});

/** `view.state.values`: block id → action id → the element's value. */
export const stateValuesSchema = z.record(z.string(), z.record(z.string(), inputValueSchema));
export type StateValues = z.infer<typeof stateValuesSchema>;

/** Reads a JSON text through a schema; `undefined` when it is not JSON or does not match. */
export function parseJson<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The value of one input, as text or a list of texts; `undefined` when empty. */
export function inputValue(values: StateValues, blockId: string): string | string[] | undefined {
  const block = values[blockId];
  const input = block ? Object.values(block)[0] : undefined;
  if (!input) return undefined;
  if (input.selected_options) return input.selected_options.map((o) => o.value);
  const text = input.value ?? input.selected_option?.value ?? input.selected_date ?? undefined;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}
