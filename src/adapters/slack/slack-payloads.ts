/**
 * What Slack sends to /slack/events or over Socket Mode, parsed, not cast: the bodies the request
 * guard and the Socket Mode receiver let through to Bolt (a `/pax8` command, a click on one of our
 * buttons, the submission of one of our modals, the url_verification challenge, an ssl_check), and
 * the parts the handlers read beyond what Bolt's types guarantee: button values (our JSON), the
 * click's container, modal metadata and input values.
 *
 * @see https://api.slack.com/interactivity/slash-commands#app_command_handling
 * @see https://api.slack.com/reference/interaction-payloads/block-actions
 * @see https://api.slack.com/reference/interaction-payloads/views#view_submission
 */
import { z } from 'zod';
import { cardVerbs, wireIds } from '../../wire-ids.ts';

/** Our buttons' `action_id`s: a card verb, with `#2`... when one verb appears twice in a block. */
export const verbActionIds = new RegExp(`^(${cardVerbs.join('|')})(#\\d+)?$`);

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

const slackId = z.string().min(1).max(255);
/** Bolt reads the workspace from `team.id`, else `user.team_id`; `team` is null in org-wide installs. */
const workspace = {
  team: z.looseObject({ id: z.string() }).nullish(),
  enterprise: z.looseObject({ id: z.string() }).nullish(),
  is_enterprise_install: z.boolean().optional(),
  user: z.looseObject({ id: slackId, team_id: z.string().optional() }),
};

/** A click on one of our buttons (the only interactive elements the bot sends). */
const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  ...workspace,
  trigger_id: slackId,
  response_url: z.string().min(1).optional(),
  channel: z.looseObject({ id: slackId }).optional(),
  container: z.looseObject({ type: z.string() }).optional(),
  actions: z
    .array(z.looseObject({ type: z.string(), action_id: z.string().regex(verbActionIds), block_id: z.string().optional(), value: z.string().optional(), action_ts: z.string().optional() }))
    .min(1)
    .max(25),
});

/** The submission of one of our modals (its `callback_id` is the verb of the action it submits). */
const viewSubmissionSchema = z.looseObject({
  type: z.literal('view_submission'),
  ...workspace,
  trigger_id: z.string().optional(),
  view: z.looseObject({
    id: slackId,
    hash: z.string(),
    callback_id: z.enum([wireIds.cardVerbs.deny, wireIds.cardVerbs.submitDetails, wireIds.cardVerbs.submitSeats, wireIds.cardVerbs.submitOffboard]),
    private_metadata: z.string().optional(),
    app_installed_team_id: z.string().nullish(),
    state: z.looseObject({ values: stateValuesSchema }),
  }),
});

/** The `payload` field of an interactivity request. */
export const interactionPayloadSchema = z.discriminatedUnion('type', [blockActionsSchema, viewSubmissionSchema]);

/** Every field of a form once, as text: a field sent twice arrives as a list, which nothing here reads. */
const formField = z.string();

/** `/pax8 …`: the form fields the handler and Bolt read. */
export const slashCommandSchema = z
  .object({
    command: z.literal(wireIds.slack.slashCommand),
    text: z.string(),
    user_id: slackId,
    channel_id: slackId,
    trigger_id: slackId,
    response_url: z.string().min(1),
    team_id: z.string(),
  })
  .catchall(formField);

/** `/pax8 …` over Socket Mode: the same fields, in a JSON object where other fields may be any JSON. */
export const socketSlashCommandSchema = slashCommandSchema.catchall(z.unknown());

/** Slack checks the certificate of a slash command's URL with an unsigned `ssl_check=1` (Bolt answers it). */
export const sslCheckSchema = z.object({ ssl_check: z.literal('1') }).catchall(formField);

/** A JSON body: only the Events API's url_verification, as the app subscribes to no events. */
export const slackJsonBodySchema = z.looseObject({ type: z.literal('url_verification'), challenge: z.string().min(1).max(1_000) });

/**
 * The first problem of a parse, as `where.path: message`, short enough for a log line and an
 * answer (the HTTP door sends it back with its 400; Socket Mode only logs it).
 */
export function firstProblem(result: z.ZodSafeParseResult<unknown>, where: string): string | undefined {
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const path = [where, ...(issue?.path ?? []).map((key) => String(key).slice(0, 40))].join('.');
  return `${path}: ${issue?.message ?? 'unexpected shape'}`.slice(0, 200);
}
