import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCardAction, parseCommand } from '../../src/intents/index.ts';
import { type View, viewSchema } from '../../src/views/index.ts';
import { commandWords } from '../../src/wire-ids.ts';
import { type IntentHarness, people, startIntentHarness, whatUsersSee } from './intent-harness.ts';

const context = { actor: people.tech, channel: { platform: 'slack', id: 'C0FUZZ', isPersonal: false }, eventId: 'fuzz' } as const;

const hostile = fc.constantFrom(
  "'; DROP TABLE approval_requests; --",
  '<script>alert(1)</script>',
  '{{ $root.secret }}',
  '${process.env.PAX8_CLIENT_SECRET}',
  '$(rm -rf /)',
  '../../etc/passwd',
  '%s%n%x',
  '*bold* _it_ ~strike~ `code` ```block```',
  '<!channel> <@U123> <#C123|general>',
  '<at>Pax8 Bot</at>',
  '"unclosed',
  "it's",
  '\u202Eevil\u202C',
  '\u0000\u0007\u001B[31m',
  'Z\u0351\u0362\u0334a\u0352l\u0315g\u0353o',
  '\uD83D\uDE80\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67',
  'Ｃｏｎｔｏｓｏ\u3000Ｌｔｄ',
  '-0',
  '+999999999999',
  '--page',
  '--page 0',
  'key=',
  '=value',
  '__proto__=x',
  'constructor=y',
  'NaN',
  '1e309',
);

const word = fc.oneof(fc.constantFrom(...commandWords), fc.string({ maxLength: 12 }), hostile, fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String));
const commandText = fc.oneof(
  fc.array(word, { maxLength: 8 }).map((words) => words.join(' ')),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.tuple(fc.constantFrom(...commandWords), fc.string({ unit: 'grapheme', maxLength: 80 })).map(([w, rest]) => `${w} ${rest}`),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => `companies ${'a'.repeat(n)}`),
);

/**
 * A helpful answer, as people receive it: a valid view whose Teams card and Slack message both say
 * something, with no stack or internals, and for errors a message that says what to do.
 */
function expectHelpful(view: View): void {
  viewSchema.parse(view);
  const seen = whatUsersSee(view);
  for (const text of [seen.teams, seen.slack]) {
    expect(text.trim().length).toBeGreaterThan(0);
    expect(text).not.toMatch(/\n\s+at .*\.ts:\d+|TypeError|ReferenceError|ZodError|undefined is not/);
  }
  if (view.kind === 'error') expect(view.message.length).toBeGreaterThan(5);
}

describe('parsing never throws', () => {
  it('on any text', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const parsed = parseCommand(text, context);
        if (parsed.kind === 'parseFailure') expect(parsed.message.length).toBeGreaterThan(5);
        else expect(parsed.eventId).toBe('fuzz');
      }),
      { numRuns: 2000 },
    );
  });

  it('on any card payload', () => {
    const payload = fc.oneof(
      fc.anything(),
      fc.record({ verb: fc.constantFrom('approve', 'deny', 'cancel_request', 'choose', 'page', 'submit_details', 'submit_seats', 'x'), requestId: fc.anything(), command: fc.anything(), page: fc.anything(), details: fc.anything(), version: fc.anything(), quantity: fc.anything() }),
    );
    fc.assert(
      fc.property(payload, (p) => {
        expect(parseCardAction(p, context).kind).toBeTypeOf('string');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the intent layer answers hostile input helpfully', () => {
  let h: IntentHarness;
  beforeAll(async () => {
    h = await startIntentHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('for random and hostile commands, against the sandbox', async () => {
    await fc.assert(
      fc.asyncProperty(commandText, async (text) => {
        expectHelpful(await h.ask(text));
      }),
      { numRuns: 150 },
    );
  });

  it('for a 1 MB command and an empty one', async () => {
    expectHelpful(await h.ask('x'.repeat(1_000_000)));
    expectHelpful(await h.ask(''));
    expectHelpful(await h.ask('   \u00A0\u200B  '));
  });
});
