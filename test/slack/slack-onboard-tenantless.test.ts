/**
 * `onboard` in Slack for companies whose tenant is not linked, whole bot over HTTP: the form lists
 * the company's Microsoft licences at Pax8 and asks whether a seat is free, refuses per field what it
 * can check and stores nothing then; "no seat free" buys exactly one seat once approved, and the
 * requester gets the checklist of what is left to do by hand as a card in their DM, without a password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmChannelOf } from '../../src/fakes/slack-web-api.ts';
import { handleCardAction, handleCommand } from '../../src/intents/index.ts';
import type { DetailsFormView, View } from '../../src/views/index.ts';
import { approvalsChannel, eventually, type SlackBotHarness, slackPeople, startSlackBot } from '../helpers/slack-harness.ts';

const { tech, ann } = slackPeople;

describe('onboard in Slack without a linked tenant', () => {
  let h: SlackBotHarness;
  let companyId: string;
  let form: DetailsFormView;

  const who = (eventId: string) => ({ actor: { userId: tech.id, email: tech.email, platform: 'slack' as const, identity: 'fresh' as const }, channel: { platform: 'slack' as const, id: 'C0PICK', isPersonal: false }, eventId });
  async function viewOf(text: string): Promise<View> {
    const result = handleCommand(text, who(`cmd-${text}-${Date.now()}`), h.bot.intents);
    return result.later ? await result.later : result.now;
  }
  async function submit(details: Record<string, string>): Promise<View | undefined> {
    return handleCardAction({ verb: 'submit_details', command: form.command, details }, who(`submit-${Date.now()}-${Math.random()}`), h.bot.intents).later;
  }

  beforeAll(async () => {
    h = await startSlackBot({ microsoft: true, unlinkedTenants: 3 });
    for (const id of h.unlinkedCompanies) {
      const view = await viewOf(`onboard ${id}`);
      if (view.kind === 'detailsForm') {
        companyId = id;
        form = view;
        break;
      }
    }
    if (!companyId) throw new Error('no unlinked company has a Microsoft licence at Pax8');
  }, 90_000);
  afterAll(() => h.close());

  const good = (suffix: string) => ({
    firstName: 'Jane',
    lastName: `Doe${suffix}`,
    displayName: '{first} {last}',
    userName: `{first}.{last}@fabrikam-${suffix}.example`,
    usageLocation: 'US',
    licence: form.fields.find((f) => f.key === 'licence')?.possibleValues[0] ?? '',
    seatFree: 'no',
    startDate: '',
    manager: 'boss@fabrikam.example',
    notes: '',
  });

  it('the form asks whether a seat is free and says what it cannot check without a tenant', () => {
    expect(form.fields.map((f) => f.key)).toEqual(['firstName', 'lastName', 'displayName', 'userName', 'usageLocation', 'licence', 'seatFree', 'startDate', 'manager', 'notes']);
    const seatFree = form.fields.find((f) => f.key === 'seatFree');
    expect(seatFree).toMatchObject({ label: 'Is a seat of this licence free in the tenant?', possibleValues: ['yes', 'no'], input: 'choice', optional: false });
    expect(form.fields.find((f) => f.key === 'userName')?.description).toContain('cannot check that the tenant owns the domain or that the name is free');
    expect(form.fields.find((f) => f.key === 'licence')?.possibleValues.length).toBeGreaterThan(0);
  });

  it('refuses per field what it can check (names, domain syntax, usage location, start date, the seat answer); nothing is stored', async () => {
    const requestsBefore = (await h.bot.store.requests.list({})).length;
    const cardsBefore = h.fake.messages(approvalsChannel).length;
    const bad = await submit({ ...good('x'), firstName: '', userName: 'jane@not a domain', usageLocation: 'ZZ', startDate: '2020-01-01', seatFree: 'maybe' });
    if (bad?.kind !== 'detailsForm') throw new Error(`expected the form again, got ${bad?.kind}`);
    const problems = Object.fromEntries(bad.fields.filter((f) => f.problem).map((f) => [f.key, f.problem]));
    expect(Object.keys(problems).sort()).toEqual(['firstName', 'seatFree', 'startDate', 'usageLocation', 'userName']);
    expect(problems['seatFree']).toBe('Answer yes or no');
    expect(problems['userName']).toContain('is not a domain');
    expect((await h.bot.store.requests.list({})).length).toBe(requestsBefore);
    expect(h.fake.messages(approvalsChannel)).toHaveLength(cardsBefore);
  });

  it('"no seat is free": the card says so and what it costs; approved, exactly one Pax8 seat write, then the checklist card in the requester DM', async () => {
    const cardsBefore = h.fake.messages(approvalsChannel).length;
    const suffix = Date.now().toString(36);
    const answer = await submit(good(suffix));
    expect(answer?.kind).toBe('approvalRequest');
    const card = await eventually(() => h.fake.messages(approvalsChannel)[cardsBefore], 'the approval card');
    const shown = JSON.stringify(card.blocks);
    expect(shown).toContain('No Microsoft 365 tenant is linked to this company: the bot buys the seat if you said none is free; the rest is done by hand');
    expect(shown).toMatch(/no seat is free: \+1 seat on subscription .+ \([a-z0-9-]+, \+\d+\.\d\d USD\/month\)|no seat is free and no subscription of .+: a new order of 1 × /);

    expect(shown).toContain('not made by the bot: set one by hand');
    const before = (await h.writes()).length;
    expect((await h.click(ann.id, approvalsChannel, card, 'approve')).status).toBe(200);
    const requestId = /Request (\S+) ·/.exec(shown)?.[1] ?? '';
    await eventually(async () => ((await h.bot.approvals.get(requestId))?.state === 'succeeded' ? true : undefined), 'the onboarding done', 30_000);
    await h.bot.delivery.idle();
    expect((await h.writes()).slice(before)).toHaveLength(1);

    const dm = await eventually(() => h.fake.messages(dmChannelOf(tech.id)).find((m) => /Left to do by hand/.test(JSON.stringify(m.blocks))), 'the checklist in the DM');
    const checklist = JSON.stringify(dm.blocks);
    expect(checklist).toContain(`jane.doe${suffix}@fabrikam-${suffix}.example`);
    expect(checklist).toContain('Set the manager');
    expect(checklist).toContain('boss@fabrikam.example');
    expect(checklist).not.toMatch(/temporary password \S+ and/);
  });
});
