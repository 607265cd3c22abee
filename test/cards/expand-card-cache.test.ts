/**
 * Expanded cards are kept by template and card data (`expandCard`): a kept card is the card that
 * data expands to, for whoever looks at it, a changed view is expanded anew, every caller gets a
 * card of its own, and the cache stays within its bound.
 */
import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/cards/adaptive-templating.ts';
import { cardNames } from '../../src/cards/card-registry.ts';
import { cardData, expandCard, expandedCardsKept, keptCardCount, loadTemplate, maxKeptDataChars } from '../../src/cards/expand-card.ts';
import { parseAdaptiveCard } from '../../src/cards/parse-adaptive-card.ts';
import { loadSamples, sampleCases, viewers } from './load-samples.ts';

const cases = sampleCases(loadSamples());
const errorView = (message: string) => ({ kind: 'error', code: 'bad_input', message, usage: null, examples: [] });

describe('expanded cards kept', () => {
  it.each(cases)('$file $who: kept or not, the card its data expands to', ({ name, data, viewer }) => {
    const presented = cardData(name, data, { viewer });
    // The data is plain JSON: expanding it from its JSON (what is kept) is expanding it.
    expect(JSON.parse(JSON.stringify(presented))).toStrictEqual(presented);
    const direct = JSON.stringify(presented).includes('${') ? undefined : parseAdaptiveCard(expandTemplate(loadTemplate(name), presented), name);
    const first = expandCard(name, data, { viewer });
    const again = expandCard(name, data, { viewer });
    expect(again).toStrictEqual(first);
    if (direct) expect(first).toStrictEqual(direct);
  });

  it('each caller gets a card of its own: changing one changes nothing kept', () => {
    const view = errorView('a card someone will change');
    const first = expandCard('error', view);
    const before = JSON.stringify(first);
    first.body?.splice(0);
    (first as { fallbackText?: string }).fallbackText = 'changed';
    expect(JSON.stringify(expandCard('error', view))).toBe(before);
  });

  it('one viewer’s approval card is never another’s', () => {
    const sample = cases.find((c) => c.name === 'approvalRequest' && c.variant === 'pending-buy');
    if (!sample) throw new Error('no pending-buy approval sample');
    const buttons = (viewer: (typeof viewers)[keyof typeof viewers]) => JSON.stringify(expandCard('approvalRequest', sample.data, { viewer })).match(/"Action\.Execute"/g)?.length ?? 0;
    const approver = buttons(viewers.approver);
    expect(approver).toBeGreaterThan(0);
    expect(buttons(viewers.readonly)).toBeLessThan(approver);
    expect(buttons(viewers.approver)).toBe(approver);
    expect(buttons(viewers.readonly)).toBeLessThan(approver);
  });

  it('a changed view is expanded anew, not served from before', () => {
    expect(JSON.stringify(expandCard('error', errorView('first answer')))).toContain('first answer');
    const second = JSON.stringify(expandCard('error', errorView('second answer')));
    expect(second).toContain('second answer');
    expect(second).not.toContain('first answer');
  });

  it(`keeps at most ${expandedCardsKept} cards, and none with data over ${maxKeptDataChars} characters`, () => {
    for (let i = 0; i < expandedCardsKept * 2; i++) expandCard('error', errorView(`answer ${i}`));
    expect(keptCardCount()).toBe(expandedCardsKept);
    // The most recent are kept, and still right.
    expect(JSON.stringify(expandCard('error', errorView(`answer ${expandedCardsKept * 2 - 1}`)))).toContain(`answer ${expandedCardsKept * 2 - 1}`);
    for (let i = 0; i < expandedCardsKept; i++) expandCard('error', errorView(`${'long '.repeat(maxKeptDataChars / 5)}${i}`));
    // None of the large ones took the place of a small one.
    expect(JSON.stringify(expandCard('error', errorView(`answer ${expandedCardsKept * 2 - 1}`)))).toContain(`answer ${expandedCardsKept * 2 - 1}`);
    expect(keptCardCount()).toBe(expandedCardsKept);
  });

  it('templates call only functions that depend on their arguments alone (no clock, no random number)', () => {
    const pure = new Set(['if', 'and', 'or', 'not', 'equals', 'greater', 'less', 'count', 'concat', 'join', 'empty', 'exists', 'length', 'string', 'int', 'toLower', 'toUpper', 'substring']);
    const called = cardNames.flatMap((name) => [...JSON.stringify(loadTemplate(name)).matchAll(/\$\{([^}]*)\}/g)].flatMap((m) => [...(m[1] ?? '').matchAll(/([A-Za-z_][\w.]*)\s*\(/g)].map((f) => `${name}: ${f[1] ?? ''}`)));
    expect(called.filter((c) => !pure.has(c.split(': ')[1] ?? ''))).toEqual([]);
  });
});
