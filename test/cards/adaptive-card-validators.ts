/**
 * The two official judges of a card: Microsoft's Adaptive Card 1.5 JSON schema (via ajv) and the
 * official `adaptivecards` JavaScript renderer (needs a DOM: run in vitest's jsdom environment).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import * as AC from 'adaptivecards';

// A path, not `new URL(…, import.meta.url)`: under jsdom the global `URL` is not Node's and `fs` rejects it.
const schemaPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'reference', 'schemas', 'adaptive-card-1.5.json');

/**
 * The schema declares draft-06 but names itself with draft-04's `id`, which ajv 8 refuses; it is
 * renamed to `$id` on load (the file in test/reference stays as published).
 */
function loadSchema(): object {
  const raw = JSON.parse(readFileSync(schemaPath, 'utf8')) as { id?: string } & Record<string, unknown>;
  const { id, ...rest } = raw;
  return { ...rest, $id: id };
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addMetaSchema(draft06);
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
const validateSchema = ajv.compile(loadSchema());

/** Schema errors of a card, as readable lines; empty when valid. */
export function schemaErrors(card: unknown): string[] {
  if (validateSchema(card)) return [];
  return (validateSchema.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** The renderer logs a hint when no markdown processor is set; ours only needs HTML-safe text. */
AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  result.didProcess = true;
};

/** Parses and renders a card with the official renderer; every parse or validation event is a failure. */
export function renderCard(card: object): { problems: string[]; element: HTMLElement | undefined } {
  const adaptiveCard = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  adaptiveCard.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i += 1) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of adaptiveCard.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  return { problems, element: adaptiveCard.render() };
}
