/**
 * Parses expanded Adaptive Card JSON into the typed subset of `adaptive-card.ts` ("parse, don't
 * cast"): the Slack translator then works on checked types, and a template that strays outside the
 * subset fails here with the path of the offending element.
 */
import { z } from 'zod';
import type {
  ActionSet,
  AdaptiveCard,
  CardAction,
  CardElement,
  Column,
  ColumnSet,
  Container,
  TextRun,
} from './adaptive-card.ts';
import { CardExpansionError } from './card-expansion-error.ts';

const optionalString = z.string().optional();
const optionalBoolean = z.boolean().optional();
const base = { id: optionalString, separator: optionalBoolean };
const inputBase = { ...base, id: z.string().min(1), label: optionalString, isRequired: optionalBoolean };
const actionData = z.record(z.string(), z.unknown());

const executeAction = z.looseObject({
  type: z.literal('Action.Execute'),
  title: optionalString,
  verb: optionalString,
  data: actionData.optional(),
  style: optionalString,
});

const actionSchema: z.ZodType<CardAction> = z.discriminatedUnion('type', [
  executeAction,
  z.looseObject({ type: z.literal('Action.Submit'), title: optionalString, data: actionData.optional(), style: optionalString }),
  z.looseObject({ type: z.literal('Action.OpenUrl'), title: optionalString, url: z.string(), style: optionalString }),
]);

const textRun: z.ZodType<TextRun> = z.looseObject({
  type: z.literal('TextRun'),
  text: z.string(),
  weight: optionalString,
  italic: optionalBoolean,
  strikethrough: optionalBoolean,
  isSubtle: optionalBoolean,
  selectAction: actionSchema.optional(),
});

const container: z.ZodType<Container> = z.looseObject({
  type: z.literal('Container'),
  ...base,
  get items(): z.ZodType<CardElement[]> {
    return z.array(elementSchema);
  },
});

const column: z.ZodType<Column> = z.looseObject({
  type: z.literal('Column').optional(),
  get items(): z.ZodType<CardElement[] | undefined> {
    return z.array(elementSchema).optional();
  },
});

const columnSet: z.ZodType<ColumnSet> = z.looseObject({
  type: z.literal('ColumnSet'),
  ...base,
  columns: z.array(column).optional(),
});

const actionSet: z.ZodType<ActionSet> = z.looseObject({ type: z.literal('ActionSet'), ...base, actions: z.array(actionSchema) });

const elementSchema: z.ZodType<CardElement> = z.union([
  z.looseObject({
    type: z.literal('TextBlock'),
    ...base,
    text: z.string(),
    size: optionalString,
    weight: optionalString,
    style: optionalString,
    isSubtle: optionalBoolean,
  }),
  z.looseObject({ type: z.literal('RichTextBlock'), ...base, inlines: z.array(z.union([z.string(), textRun])) }),
  z.looseObject({ type: z.literal('FactSet'), ...base, facts: z.array(z.looseObject({ title: z.string(), value: z.string() })) }),
  columnSet,
  container,
  z.looseObject({ type: z.literal('Image'), ...base, url: z.string(), altText: optionalString }),
  actionSet,
  z.looseObject({
    type: z.literal('Input.Text'),
    ...inputBase,
    placeholder: optionalString,
    value: optionalString,
    isMultiline: optionalBoolean,
    maxLength: z.number().optional(),
  }),
  z.looseObject({
    type: z.literal('Input.Number'),
    ...inputBase,
    placeholder: optionalString,
    value: z.number().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  z.looseObject({
    type: z.literal('Input.ChoiceSet'),
    ...inputBase,
    choices: z.array(z.looseObject({ title: z.string(), value: z.string() })),
    placeholder: optionalString,
    value: optionalString,
    style: optionalString,
    isMultiSelect: optionalBoolean,
  }),
  z.looseObject({ type: z.literal('Input.Date'), ...inputBase, value: optionalString, placeholder: optionalString }),
  z.looseObject({
    type: z.literal('Input.Toggle'),
    ...inputBase,
    title: z.string(),
    value: optionalString,
    valueOn: optionalString,
    valueOff: optionalString,
  }),
]);

/** zod schema of the card subset; exported for tests that generate cards. */
export const adaptiveCardSchema: z.ZodType<AdaptiveCard> = z.looseObject({
  type: z.literal('AdaptiveCard'),
  version: z.string(),
  body: z.array(elementSchema).optional(),
  actions: z.array(actionSchema).optional(),
  fallbackText: optionalString,
  refresh: z.looseObject({ action: executeAction, userIds: z.array(z.string()).optional() }).optional(),
});

/** Parses expanded card JSON; throws {@link CardExpansionError} naming every path that is off. */
export function parseAdaptiveCard(json: unknown, name = 'card'): AdaptiveCard {
  const result = adaptiveCardSchema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new CardExpansionError(`${name} is not in the supported Adaptive Card subset`, issues);
}
