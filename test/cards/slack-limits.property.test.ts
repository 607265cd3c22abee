/**
 * Property: whatever card the templates produce — any size, any text — the Slack translation stays
 * within every Slack limit. Cards are generated from the element subset the translator supports.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AdaptiveCard, CardAction, CardElement } from '../../src/cards/adaptive-card.ts';
import { messageLimitViolations, modalLimitViolations } from '../../src/cards/slack-limit-violations.ts';
import { toSlackMessage } from '../../src/cards/to-slack-message.ts';
import { toSlackModal } from '../../src/cards/to-slack-modal.ts';
import { liveToken, shownTexts } from '../helpers/slack-shown-text.ts';

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.constantFrom('**bold** & <b>', '[link](https://x.example/a|b)', '<!channel> <@U1>', '- item\n- item', '&amp;'.repeat(200)),
  fc.string({ minLength: 1990, maxLength: 3100 }),
);
const id = fc.string({ minLength: 1, maxLength: 300 });

const action: fc.Arbitrary<CardAction> = fc.oneof(
  fc.record({ type: fc.constant('Action.Execute' as const), title: text, verb: fc.string({ maxLength: 300 }), data: fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 3000 }), fc.integer())) }),
  fc.record({ type: fc.constant('Action.OpenUrl' as const), title: text, url: fc.oneof(fc.webUrl(), fc.string({ maxLength: 4000 })) }),
);
const choices = fc.array(fc.record({ title: text, value: fc.string({ maxLength: 70 }) }), { maxLength: 130 });

const { element } = fc.letrec<{ element: CardElement }>((tie) => ({
  element: fc.oneof(
    { maxDepth: 2, withCrossShrink: true },
    fc.record({ type: fc.constant('TextBlock' as const), text, style: fc.constantFrom('default', 'heading'), isSubtle: fc.boolean(), separator: fc.boolean() }),
    fc.record({ type: fc.constant('FactSet' as const), facts: fc.array(fc.record({ title: text, value: text }), { maxLength: 40 }) }),
    fc.record({ type: fc.constant('RichTextBlock' as const), inlines: fc.array(fc.oneof(text, fc.record({ type: fc.constant('TextRun' as const), text, weight: fc.constantFrom('default', 'bolder'), italic: fc.boolean() })), { maxLength: 8 }) }),
    fc.record({ type: fc.constant('Image' as const), url: fc.oneof(fc.webUrl(), fc.string()), altText: text }),
    fc.record({ type: fc.constant('ActionSet' as const), actions: fc.array(action, { maxLength: 60 }) }),
    fc.record({ type: fc.constant('Input.Text' as const), id, label: text, placeholder: text, value: text, isMultiline: fc.boolean() }),
    fc.record({ type: fc.constant('Input.ChoiceSet' as const), id, label: text, choices, style: fc.constantFrom('compact', 'expanded'), isMultiSelect: fc.boolean() }),
    fc.record({ type: fc.constant('Input.Toggle' as const), id, title: text, valueOn: fc.string({ maxLength: 100 }) }),
    fc.record({ type: fc.constant('Container' as const), id: fc.constantFrom('list:a', 'list:b', 'box'), items: fc.array(tie('element'), { maxLength: 40 }) }),
    fc.record({ type: fc.constant('ColumnSet' as const), columns: fc.array(fc.record({ items: fc.array(tie('element'), { maxLength: 4 }) }), { maxLength: 12 }) }),
  ),
}));

const card: fc.Arbitrary<AdaptiveCard> = fc.record({
  type: fc.constant('AdaptiveCard' as const),
  version: fc.constant('1.5'),
  body: fc.array(element, { maxLength: 70 }),
  actions: fc.array(action, { maxLength: 30 }),
});

describe('Slack limits hold for any card', () => {
  it('messages', () => {
    fc.assert(
      fc.property(card, fc.option(text, { nil: undefined }), (c, fallback) => {
        const message = toSlackMessage(c, fallback === undefined ? {} : { text: fallback });
        expect(messageLimitViolations(message)).toEqual([]);
        expect(message.text.length).toBeGreaterThan(0);
        expect(shownTexts(message).filter((t) => liveToken.test(t))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('modals', () => {
    const submit: CardAction = { type: 'Action.Execute', title: 'Deny', verb: 'deny', data: { requestId: 'r1', version: 1 } };
    fc.assert(
      fc.property(card, text, (c, title) => {
        const modal = toSlackModal({ ...c, actions: [...(c.actions ?? []), submit] }, { title, submitVerb: 'deny' });
        expect(modalLimitViolations(modal)).toEqual([]);
        expect(shownTexts(modal).filter((t) => liveToken.test(t))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
