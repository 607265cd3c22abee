/**
 * Names come from Pax8 and from people: a company called `Acme ${request.id}`, a product with
 * `<!channel>` in it, a contact whose name has a line break and 300 characters. Every view sample,
 * with every company, product, vendor, contact and user name in it replaced by such a name (each a
 * different one), expands to a Teams card that is a valid Adaptive Card 1.5, holds no binding of its
 * template and shows each name exactly as written; its Slack blocks hold no binding either, mention
 * nobody, and show each name's template-like and mention-like text as text.
 *
 * Not checked in Slack: the whole name (Slack cuts headers at 150 characters and buttons at 75, and
 * mrkdwn has no escape for `*`, `_` and `~`), the rows a list too long for one message leaves out,
 * and the `text` fallback of the message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MrkdwnText, PlainText } from '../../src/cards/block-kit.ts';
import { cardNames } from '../../src/cards/card-registry.ts';
import { expandCard } from '../../src/cards/expand-card.ts';
import { toSlackMessage } from '../../src/cards/to-slack-message.ts';
import { schemaErrors } from './adaptive-card-validators.ts';
import { sampleCases } from './load-samples.ts';

/**
 * Keys whose text is a company, product, vendor, contact or user name (or the e-mail a user is shown
 * by) in some view; `label` only for the choices of `choices`, `email` only for listed contacts (a
 * requester's e-mail is shown only when there is no display name).
 */
const nameKeys = new Set(['name', 'productName', 'vendorName', 'displayName', 'decidedBy', 'orderedBy', 'approvedBy', 'summary', 'actorEmail', 'requesterEmail', 'orderedByUserEmail']);
const nameKeysIn: Readonly<Record<string, string>> = { candidates: 'label', items: 'email' };

/** What a name opens with, before its markup: the part Slack must show as text too. */
const opening = (tag: string) => `${tag} Acme \${request.id} \${$root} <!channel> <@U0ANN>`;

/** A 300-character name with everything that could be template, markup or a mention; `tag` makes each one different. */
export function hostileName(tag: string): string {
  const name = `${opening(tag)} *bold* _it_ ~strike~ <b>&amp; & > <\nsecond line ${'Holdings '.repeat(40)}`;
  return name.slice(0, 299).trimEnd().padEnd(300, 'x');
}

/** The view with every name replaced by a different hostile one, and the tags of the names it put in. */
export function withHostileNames(view: unknown): { view: unknown; tags: string[] } {
  const tags: string[] = [];
  /** Each name replaced, and its hostile stand-in: a title that quotes the name quotes the stand-in. */
  const swapped = new Map<string, string>();
  const replace = (value: unknown, key: string | undefined, list: string | undefined): unknown => {
    if (typeof value === 'string' && key !== undefined && (nameKeys.has(key) || (list !== undefined && nameKeysIn[list] === key))) {
      const tag = `[${tags.length}]`;
      tags.push(tag);
      const hostile = hostileName(tag);
      if (value.length >= 4) swapped.set(value, hostile);
      return hostile;
    }
    if (Array.isArray(value)) return value.map((item) => replace(item, key === 'approvedBy' ? key : undefined, key));
    if (value === null || typeof value !== 'object') return value;
    // An order shows who ordered it by e-mail when it has one, and by name only without: take the e-mail out.
    const shown = 'orderedBy' in value && 'orderedByUserEmail' in value && typeof value.orderedBy === 'string' ? { ...value, orderedByUserEmail: null } : value;
    return Object.fromEntries(Object.entries(shown).map(([k, item]) => [k, replace(item, k, list)]));
  };
  const named = replace(view, undefined, undefined);
  const quoting = (value: unknown): unknown => {
    if (typeof value === 'string') return [...swapped].reduce((text, [name, hostile]) => text.split(name).join(hostile), value);
    if (Array.isArray(value)) return value.map(quoting);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([k, item]) => [k, quoting(item)]));
  };
  return { view: quoting(named), tags };
}

function strings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((item) => strings(item, into));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((item) => strings(item, into));
  return into;
}

/** Every Block Kit text object (`mrkdwn` or `plain_text`) in `value`. */
function textObjects(value: unknown, into: (MrkdwnText | PlainText)[] = []): (MrkdwnText | PlainText)[] {
  if (Array.isArray(value)) value.forEach((item) => textObjects(item, into));
  else if (value !== null && typeof value === 'object') {
    if ('type' in value && (value.type === 'mrkdwn' || value.type === 'plain_text') && 'text' in value && typeof value.text === 'string') into.push(value as MrkdwnText | PlainText);
    else Object.values(value).forEach((item) => textObjects(item, into));
  }
  return into;
}

/** What Slack shows of a text object: its three entities read back (Slack decodes them in mrkdwn and in plain text). */
const shownBySlack = (t: MrkdwnText | PlainText): string => t.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The `${…}` bindings of a template, as written in `cards/<name>.json`. */
function templateBindings(name: string): string[] {
  const template: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'cards', `${name}.json`), 'utf8'));
  return [...new Set(strings(template).flatMap((s) => [...s.matchAll(/\$\{[^{}]*\}/g)].map((m) => m[0])))];
}

const cases = sampleCases().map((c) => ({ ...c, ...withHostileNames(c.data) }));

describe('hostile names in every card', () => {
  it('go into every view kind that shows a name', () => {
    const kinds = new Set(cases.filter((c) => c.tags.length > 0).map((c) => c.name));
    expect(cardNames.filter((name) => !kinds.has(name))).toEqual(['working', 'notice', 'error']);
  });

  describe.each(cases.filter((c) => c.tags.length > 0))('$file $who', ({ name, view, viewer, tags }) => {
    const card = expandCard(name, view, { viewer });
    const texts = strings(card);
    const bindings = templateBindings(name);

    it('is a valid Adaptive Card 1.5 with no binding of its template left', () => {
      expect(schemaErrors(card)).toEqual([]);
      expect(bindings.filter((b) => texts.some((t) => t.includes(b)))).toEqual([]);
      expect(texts.filter((t) => /[\uE000\uE001]/.test(t))).toEqual([]);
    });

    it('shows every name exactly as written', () => {
      expect(tags.map(hostileName).filter((n) => !texts.some((t) => t.includes(n)))).toEqual([]);
    });

    it('in Slack: no binding of its template, no live mention, each name’s opening as text', () => {
      const { blocks } = toSlackMessage(card);
      expect(bindings.filter((b) => strings(blocks).some((t) => t.includes(b)))).toEqual([]);
      const objects = textObjects(blocks);
      expect(objects.filter((t) => t.type === 'mrkdwn' && /<!channel>|<@U0ANN>/.test(t.text))).toEqual([]);
      const shown = objects.map(shownBySlack);
      // A list too long for one message shows its first rows ("Showing N of M"); the names in them count.
      const cut = shown.some((t) => /^Showing \d+ of \d+/.test(t));
      const inSlack = cut ? tags.filter((tag) => shown.some((t) => t.includes(`${tag} `))) : tags;
      expect(inSlack.length).toBeGreaterThan(cut ? 5 : 0);
      expect(inSlack.map(opening).filter((o) => !shown.some((t) => t.includes(o)))).toEqual([]);
    });
  });
});
