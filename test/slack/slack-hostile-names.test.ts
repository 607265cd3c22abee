/**
 * Data is never template, in Slack: the blocks the bot posts show a company named
 * `Acme ${request.id}` as written (its approval card, `requests pending`, `company <id>`), and typing
 * `${…}` into a command gets an ordinary answer. Whole bot over HTTP with signed requests. The
 * messages' `text` fallback is not checked here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../../src/fakes/slack-fake-state.ts';
import { createSandboxCompany } from '../helpers/pax8-sandbox.ts';
import { approvalsChannel, eventually, generalChannel, msDetails, slackPeople, type SlackBotHarness, startSlackBot } from '../helpers/slack-harness.ts';

const acme = 'Acme ${request.id}';
const { tech } = slackPeople;

/** What a message's blocks show: every `text` of a text object, mrkdwn entities read back. */
function blockTexts(message: FakeSlackMessage): string[] {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      if ('type' in value && 'text' in value && typeof value.text === 'string') {
        texts.push(value.type === 'mrkdwn' ? value.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') : value.text);
      } else Object.values(value).forEach(walk);
    }
  };
  walk(message.blocks);
  return texts;
}

describe(`a company named "${acme}" in Slack`, () => {
  let h: SlackBotHarness;
  let companyId = '';
  beforeAll(async () => {
    h = await startSlackBot();
    companyId = await createSandboxCompany(h.sandbox, acme);
  });
  afterAll(() => h.close());

  /** Tim's private answer to `text` in #general, once it is more than "working on it": the texts of its blocks. */
  async function answerTo(text: string): Promise<string[]> {
    const before = new Set(h.fake.messages(generalChannel).map((m) => m.ts));
    expect((await h.command(tech.id, text)).status).toBe(200);
    return eventually(() => {
      const answer = h.fake.messages(generalChannel).find((m) => m.visibleTo === tech.id && !before.has(m.ts));
      const texts = answer ? blockTexts(answer) : [];
      return texts.length > 0 && !texts.some((t) => t.startsWith('⏳')) ? texts : undefined;
    }, `an answer to "${text}"`);
  }

  const expectOrdinary = (texts: string[]) => expect(texts.join('\n')).not.toMatch(/went wrong/i);

  it('gets an approval card in the approvals channel whose blocks show its name as written', async () => {
    const before = h.fake.messages(approvalsChannel).length;
    expect((await h.command(tech.id, `buy "${acme}" "Exchange Online (Plan 1)" 3 monthly ${msDetails}`)).status).toBe(200);
    const card = await eventually(() => h.fake.messages(approvalsChannel)[before], 'the approval card');
    expect(blockTexts(card).some((t) => t.includes(acme)), JSON.stringify(card.blocks)).toBe(true);
  });

  it('is listed by "requests pending", and "company <id>" shows it', async () => {
    const pending = await answerTo('requests pending');
    expectOrdinary(pending);
    expect(pending.some((t) => t.includes(acme)), pending.join('\n')).toBe(true);
    const detail = await answerTo(`company ${companyId}`);
    expectOrdinary(detail);
    expect(detail.some((t) => t.includes(acme)), detail.join('\n')).toBe(true);
  });

  it('typing "company ${$root.secret}" or "products ${$root}" gets an ordinary answer, not a fault', async () => {
    const unknown = await answerTo('company ${$root.secret}');
    expectOrdinary(unknown);
    expect(unknown.join('\n')).toContain('No company is called "${$root.secret}".');
    const products = await answerTo('products ${$root}');
    expectOrdinary(products);
    expect(products.join('\n')).toContain('No product matches.');
  });
});
