/**
 * The provisioning details form in Teams, whole bot over HTTP: answers from the command and from
 * each form add up, the form asks only what is still missing, and a refused answer comes back in
 * the card, next to its field, with what was right kept.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredActivity } from '../../src/fakes/bot-connector.ts';
import { cardInvoke, personalMessage } from '../helpers/teams-activities.ts';
import { people, startTeamsHarness, type TeamsHarness } from '../helpers/teams-harness.ts';

type Element = { type: string; id?: string; text?: string; value?: string; items?: Element[] };
type Card = { body?: Element[]; actions?: { verb?: string; data?: Record<string, unknown> }[] };
const cardOf = (m: StoredActivity | undefined): Card => ((m?.activity.attachments as { content: Card }[] | undefined)?.[0]?.content ?? {});
const flat = (elements: Element[] = []): Element[] => elements.flatMap((e) => [e, ...flat(e.items)]);
const inputsOf = (card: Card) => flat(card.body).filter((e) => e.type.startsWith('Input.'));
const textOf = (card: Card): string => JSON.stringify(card.body ?? []);
const personal = `a:personal-${people.tech.id}`;
const tenant = '6f1c2b7e-1d0a-4c43-9b8a-0c1d2e3f4a5b';

describe('the details form in Teams', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(() => h.close());

  it('converges: keeps what the command gave, asks only what is missing, returns refused answers with their error', async () => {
    const command = `buy "Aspen Logistics Group" "Microsoft 365 E5" 4 annual msCustExists=yes msTenantId=${tenant} mca2020EffectiveDate=29/11/2026`;
    expect((await h.post(personalMessage(h.serviceUrl, people.tech, command))).status).toBe(200);
    const form = await vi.waitFor(() => {
      const found = h.connector.messages(personal).find((m) => cardOf(m).actions?.some((a) => a.verb === 'submit_details'));
      if (!found) throw new Error('no form yet');
      return found;
    });
    const first = cardOf(form);
    expect(inputsOf(first).map((i) => [i.id, i.type])).toEqual([
      ['detail__mca2020FirstName', 'Input.Text'],
      ['detail__mca2020LastName', 'Input.Text'],
      ['detail__mca2020Email', 'Input.Text'],
      ['detail__mca2020EffectiveDate', 'Input.Date'],
    ]);
    expect(textOf(first)).toContain('\\"29/11/2026\\" is not a date: use YYYY-MM-DD');

    const submit = async (card: Card, answers: Record<string, string>): Promise<Card> => {
      const data = card.actions?.find((a) => a.verb === 'submit_details')?.data ?? {};
      const response = await h.post(cardInvoke(h.serviceUrl, people.tech, personal, form.id, { ...data, ...answers }));
      const body = (await response.json()) as { statusCode: number; value: Card };
      expect(body.statusCode).toBe(200);
      return body.value;
    };
    const empty = await submit(first, { detail__mca2020FirstName: '', detail__mca2020LastName: '', detail__mca2020Email: '', detail__mca2020EffectiveDate: '' });
    expect(inputsOf(empty).map((i) => i.id)).toEqual(inputsOf(first).map((i) => i.id));
    for (const label of ['First Name', 'Last Name', 'Email Address', 'Date of Acceptance']) expect(textOf(empty)).toContain(`${label} is needed to order`);

    const badEmail = await submit(empty, { detail__mca2020FirstName: 'Cara', detail__mca2020LastName: 'Cedar', detail__mca2020Email: 'cara@', detail__mca2020EffectiveDate: '2026-11-20' });
    expect(inputsOf(badEmail).map((i) => [i.id, i.value])).toEqual([['detail__mca2020Email', 'cara@']]);
    expect(textOf(badEmail)).toContain('\\"cara@\\" is not an e-mail address');
    expect(await h.bot.approvals.list({})).toHaveLength(0);

    const done = await submit(badEmail, { detail__mca2020Email: 'cara@aspen.example' });
    const requestId = /Request ([0-9a-f-]{36})/.exec(textOf(done))?.[1] ?? '';
    const request = await h.bot.approvals.get(requestId);
    const details = (request?.payload as { provisioningDetails?: { key: string; values: string[] }[] } | undefined)?.provisioningDetails ?? [];
    expect(Object.fromEntries(details.map((d) => [d.key, d.values]))).toEqual({
      msCustExists: ['Yes, the customer has and can log into their Microsoft account'],
      msTenantId: [tenant],
      mca2020FirstName: ['Cara'],
      mca2020LastName: ['Cedar'],
      mca2020Email: ['cara@aspen.example'],
      mca2020EffectiveDate: ['2026-11-20'],
    });
  });
});
