/**
 * Data is never template, over the Teams door: a company named `Acme ${request.id}` (made in the
 * sandbox through the Pax8 API) gets an approval card that shows its name as written, and the
 * commands after it work; typing `${…}` into a command gets an ordinary answer. Whole bot over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredActivity } from '../../src/fakes/bot-connector.ts';
import { schemaErrors } from '../cards/adaptive-card-validators.ts';
import { createSandboxCompany } from '../helpers/pax8-sandbox.ts';
import { personalMessage } from '../helpers/teams-activities.ts';
import { approvalsHere, people, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

const acme = 'Acme ${request.id}';
const personal = `a:personal-${people.tech.id}`;

let h: TeamsHarness;

const cardOf = (m: StoredActivity): unknown => (m.activity.attachments as { content: unknown }[] | undefined)?.[0]?.content;

function strings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((item) => strings(item, into));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((item) => strings(item, into));
  return into;
}

/** Tim types `text` in his personal chat; resolves with the strings of the card that answers it once Pax8 was asked. */
async function answerTo(text: string): Promise<{ texts: string[]; card: unknown }> {
  const before = h.connector.messages(personal).length;
  expect((await h.post(personalMessage(h.serviceUrl, people.tech, text))).status).toBe(200);
  return vi.waitFor(
    () => {
      // The "working" card (⏳ …) is replaced by the answer in the same message.
      const answer = h.connector.messages(personal).slice(before).find((m) => !strings(cardOf(m)).some((t) => t.startsWith('⏳')));
      if (!answer) throw new Error(`no answer to "${text}" yet`);
      return { texts: strings(cardOf(answer)), card: cardOf(answer) };
    },
    { timeout: 20_000, interval: 50 },
  );
}

/** The card is valid and says nothing went wrong. */
function expectOrdinary(answer: { texts: string[]; card: unknown }): void {
  expect(schemaErrors(answer.card)).toEqual([]);
  expect(answer.texts.join('\n')).not.toMatch(/went wrong/i);
}

beforeAll(async () => {
  h = await startTeamsHarness();
  await approvalsHere(h);
});
afterAll(() => h.close());

describe(`a company named "${acme}" in Teams`, () => {
  let companyId = '';
  let requestId = '';

  beforeAll(async () => {
    if (!h.bot.sandbox) throw new Error('expected the built-in sandbox');
    companyId = await createSandboxCompany(h.bot.sandbox, acme);
  });

  it('gets an approval card that shows its name as written, to the requester and in the approvals channel', async () => {
    const answer = await answerTo(`buy "${acme}" "Dropsuite Microsoft 365 Backup" 2 monthly`);
    expectOrdinary(answer);
    expect(answer.texts.some((t) => t.includes(acme)), answer.texts.join('\n')).toBe(true);
    requestId = /Request ([0-9a-f-]{36})/.exec(answer.texts.join('\n'))?.[1] ?? '';
    expect(requestId).not.toBe('');
    const copy = await vi.waitFor(() => {
      const found = h.connector.messages(teamChannel).find((m) => strings(cardOf(m)).some((t) => t.includes(requestId)));
      if (!found) throw new Error('no approvals channel copy yet');
      return cardOf(found);
    });
    expect(schemaErrors(copy)).toEqual([]);
    expect(strings(copy).some((t) => t.includes(acme))).toBe(true);
  });

  it('is listed by "requests pending", and "company <id>" shows it', async () => {
    const pending = await answerTo('requests pending');
    expectOrdinary(pending);
    expect(pending.texts.some((t) => t.includes(acme)), pending.texts.join('\n')).toBe(true);
    const detail = await answerTo(`company ${companyId}`);
    expectOrdinary(detail);
    expect(detail.texts).toContain(acme);
  });

  it('typing "company ${request.id}", "company ${$root.secret}" or "products ${$root}" gets an ordinary answer, not a fault', async () => {
    // The name contains what was typed, so it is the company meant.
    const named = await answerTo('company ${request.id}');
    expectOrdinary(named);
    expect(named.texts).toContain(acme);
    const unknown = await answerTo('company ${$root.secret}');
    expectOrdinary(unknown);
    expect(unknown.texts).toContain('No company is called "${$root.secret}".');
    const products = await answerTo('products ${$root}');
    expectOrdinary(products);
    expect(products.texts).toEqual(expect.arrayContaining(['Products matching “${$root}”', 'No product matches.']));
  });
});
