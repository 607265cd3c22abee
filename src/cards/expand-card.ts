/**
 * Expands a card template from `cards/<name>.json` with a view. The view is checked against its
 * zod contract first, presented (numbers and dates formatted, nulls resolved), then expanded with
 * the official `adaptivecards-templating` engine; the result must contain no unresolved `${...}`
 * of the template and must parse as the card subset the Slack translation supports. Data is never
 * template: a company named `Acme ${request.id}` is shown as it is written. Any failure is a
 * {@link CardExpansionError}: a template and its data disagree, which tests must catch.
 *
 * @see https://learn.microsoft.com/adaptive-cards/templating/sdk
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdaptiveCard } from './adaptive-card.ts';
import { expandTemplate } from './adaptive-templating.ts';
import { CardExpansionError } from './card-expansion-error.ts';
import { type CardContext, type CardName, cardRegistry } from './card-registry.ts';
import { parseAdaptiveCard } from './parse-adaptive-card.ts';
import { readOnlyViewer } from './present/approval-card-data.ts';
import { createTtlCache } from '../util/ttl-cache.ts';

// A path, not a URL object: under a test DOM, `URL` is not Node's and `fs` would reject it.
const templatesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cards');
const templates = new Map<CardName, unknown>();

/** The raw template JSON of a card (cached; templates do not change while the bot runs). */
export function loadTemplate(name: CardName): unknown {
  let template = templates.get(name);
  if (template === undefined) {
    template = JSON.parse(readFileSync(join(templatesDir, `${name}.json`), 'utf8')) as unknown;
    templates.set(name, template);
  }
  return template;
}

/** Paths of every string in `value` that still contains `${`. */
export function unresolvedBindings(value: unknown, path = '$'): string[] {
  if (typeof value === 'string') return value.includes('${') ? [`${path}: ${value}`] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => unresolvedBindings(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => unresolvedBindings(item, `${path}.${key}`));
  }
  return [];
}

/**
 * Stands in for `${` inside data while a card is expanded, so the check for bindings the template
 * left unresolved sees only the template's own; put back in the expanded card. Private-use
 * characters: nothing Pax8 or a person types carries this pair.
 */
const dataDollarBrace = '\uE000\uE001';

/** `value` with every `${` in its strings swapped (`${` → marker) or back; untouched parts are shared, not copied. */
function swapInStrings(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.includes(from) ? value.split(from).join(to) : value;
  if (Array.isArray(value)) {
    const items = value.map((item) => swapInStrings(item, from, to));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const swapped = entries.map(([key, item]) => [key, swapInStrings(item, from, to)] as const);
    return swapped.some(([, item], i) => item !== entries[i]?.[1]) ? Object.fromEntries(swapped) : value;
  }
  return value;
}

/** The card data a template is expanded with: the view, checked against its contract and presented. */
export function cardData(name: CardName, view: unknown, context: Partial<CardContext> = {}): object {
  return cardRegistry[name].present(view, { viewer: readOnlyViewer, ...context });
}

/** Cards kept expanded, and the largest card data (JSON characters) kept: a few MB at most. */
export const expandedCardsKept = 128;
export const maxKeptDataChars = 4_096;

/**
 * Expanded cards by template and card data, as JSON. A card is a pure function of the two:
 * templates are loaded once, and they call no function that reads a clock or draws a random number
 * (a test holds them to that). The card data is the whole key, including the viewer's buttons, so
 * one person's card is never another's; it is expanded from the key itself, so what is kept is
 * exactly what that key expands to, and each caller gets a card of its own, parsed from the JSON.
 * Expanding (the templating engine, the check for unresolved bindings, the parse into the card
 * subset) was a quarter of a Teams turn's CPU, and the same cards come again and again (help, its
 * pages, "working", the errors).
 */
const expandedCards = createTtlCache<string, string>({ max: expandedCardsKept, ttlMs: Number.POSITIVE_INFINITY });

/** How many expanded cards are kept now (at most {@link expandedCardsKept}). */
export const keptCardCount = (): number => expandedCards.size;

/** Expands `cards/<name>.json` with a view; see the module comment for what is checked. */
export function expandCard(name: CardName, view: unknown, context: Partial<CardContext> = {}): AdaptiveCard {
  const data = cardData(name, view, context);
  const json = JSON.stringify(data);
  if (json.length > maxKeptDataChars) return expandData(name, data);
  const key = `${name}\n${json}`;
  let card = expandedCards.get(key);
  if (card === undefined) {
    card = JSON.stringify(expandData(name, JSON.parse(json)));
    expandedCards.set(key, card);
  }
  return JSON.parse(card) as AdaptiveCard;
}

/** Expands a template with its card data and checks the card. */
function expandData(name: CardName, data: unknown): AdaptiveCard {
  let expanded: unknown;
  try {
    expanded = expandTemplate(loadTemplate(name), swapInStrings(data, '${', dataDollarBrace));
  } catch (error) {
    throw new CardExpansionError(`template "${name}" failed to expand`, [String(error)], { cause: error });
  }
  const unresolved = unresolvedBindings(expanded);
  if (unresolved.length > 0) throw new CardExpansionError(`template "${name}" left bindings unresolved`, unresolved);
  return parseAdaptiveCard(swapInStrings(expanded, dataDollarBrace, '${'), name);
}

/** Expands the card of any view: `cards/<view.kind>.json`. */
export function cardForView(view: { kind: CardName }, context: Partial<CardContext> = {}): AdaptiveCard {
  return expandCard(view.kind, view, context);
}
