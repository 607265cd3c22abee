/**
 * `onboard` in Teams for a company whose tenant is not linked, whole bot over HTTP: the Adaptive
 * Card form asks whether a seat is free and shows what the bot cannot check; what it can check is
 * refused next to its field with nothing stored; "no seat is free" says on the approval card that the
 * seat is bought and the rest is done by hand, buys exactly one seat once approved, and the
 * requester gets the checklist in their personal chat: no password in it, and names that look like
 * template bindings or mentions shown as typed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StoredActivity } from '../../src/fakes/bot-connector.ts';
import { handleCommand } from '../../src/intents/index.ts';
import { type Card, cardOf, flat, inputsOf, problemsOf, shownTexts, textOf , detailsFormIn, requestCardIn } from '../helpers/teams-cards.ts';
import { cardInvoke } from '../helpers/teams-activities.ts';
import { approvalsHere, people, personalChatOf, startTeamsHarness, type TeamsHarness, teamChannel } from '../helpers/teams-harness.ts';

const inputOf = (card: Card, key: string) => inputsOf(card).find((i) => i.id === `detail__${key}`);
const personal = personalChatOf(people.tech);
/** The checklist card (its title), not the request's card, which lists the same step. */
const isChecklist = (m: StoredActivity) => shownTexts(cardOf(m)).some((t) => t.startsWith('Left to do by hand: '));

describe('onboard in Teams without a linked tenant', () => {
  let h: TeamsHarness;
  let company = '';
  let form: StoredActivity;

  const pax8Writes = async () => ((await (await fetch(`${h.sandboxUrl}/__sandbox/writes`)).json()) as { writes: { method: string; path: string; isMock?: boolean }[] }).writes.filter((w) => w.isMock !== true);
  const graphWrites = async () => ((await (await fetch(`${h.sandboxUrl}/__sandbox/microsoft/writes`)).json()) as { writes: unknown[] }).writes;

  /** Submits the form card with its current values and `answers` over them; the card Teams shows next. */
  async function submit(answers: Record<string, string>): Promise<Card> {
    const card = cardOf(form);
    const data = card.actions?.find((a) => a.verb === 'submit_details')?.data ?? {};
    const current = Object.fromEntries(inputsOf(card).map((i) => [i.id ?? '', i.value ?? '']));
    const typed = Object.fromEntries(Object.entries(answers).map(([k, v]) => [`detail__${k}`, v]));
    const response = await h.post(cardInvoke(h.serviceUrl, people.tech, personal, form.id, { ...data, ...current, ...typed }));
    const body = (await response.json()) as { statusCode: number; value: Card };
    expect(body.statusCode).toBe(200);
    return body.value;
  }

  beforeAll(async () => {
    h = await startTeamsHarness({ unlinkedTenants: 3 });
    await approvalsHere(h);
    for (const id of h.unlinkedCompanies) {
      const result = handleCommand(`onboard ${id}`, { actor: { userId: people.tech.id, email: people.tech.email, platform: 'teams', identity: 'fresh' }, channel: { platform: 'teams', id: 'pick', isPersonal: true }, eventId: `pick-${id}` }, h.bot.intents);
      const view = result.later ? await result.later : result.now;
      if (view.kind === 'detailsForm') {
        company = id;
        break;
      }
    }
    if (!company) throw new Error('no unlinked company has a Microsoft licence at Pax8');
    form = await detailsFormIn(h, people.tech, personal, `onboard ${company}`);
  }, 120_000);
  afterAll(() => h?.close());

  it('the form asks whether a seat is free, with the hints of what the bot cannot check without a tenant', () => {
    const card = cardOf(form);
    const seatFree = inputOf(card, 'seatFree');
    expect(seatFree).toMatchObject({ type: 'Input.ChoiceSet', label: 'Is a seat of this licence free in the tenant?', isRequired: true });
    expect(seatFree?.choices?.map((c) => c.value)).toEqual(['yes', 'no']);
    expect(inputOf(card, 'licence')?.choices?.length).toBeGreaterThan(0);
    expect(inputOf(card, 'userName')?.value).toBe('{first}.{last}@');
    const shown = shownTexts(card).join('\n');
    expect(shown).toContain('No Microsoft 365 tenant is linked: the bot buys the seat if none is free');
    expect(shown).toContain('yes: the bot buys nothing; no: the approval buys one at Pax8');
    expect(shown).toContain('no tenant is linked, so the bot cannot see which have a free seat');
    expect(shown).toContain('the bot cannot check that the tenant owns the domain or that the name is free');
    expect(shown).toContain("The manager's user name (not checked: no tenant is linked)");
  });

  it('refuses per field what it can check (names, domain, usage location, start date, the seat answer); nothing is stored or posted', async () => {
    const channelBefore = h.connector.messages(teamChannel).length;
    const [pax8Before, graphBefore] = [(await pax8Writes()).length, (await graphWrites()).length];
    const refused = await submit({ firstName: '', lastName: 'Doe', userName: 'jane@not a domain', usageLocation: 'ZZ', startDate: '2020-01-01', seatFree: 'maybe' });
    const problems = problemsOf(refused);
    expect(Object.keys(problems).sort()).toEqual(['firstName', 'seatFree', 'startDate', 'usageLocation', 'userName']);
    expect(problems['firstName']).toBe('First name is needed');
    expect(problems['seatFree']).toBe('Answer yes or no');
    expect(problems['userName']).toContain('"not a domain" is not a domain');
    expect(problems['usageLocation']).toContain('"ZZ" is not a two-letter country code');
    expect(problems['startDate']).toContain('2020-01-01 is in the past');
    // What was typed stays in the form.
    expect(inputOf(refused, 'lastName')?.value).toBe('Doe');
    expect(inputOf(refused, 'usageLocation')?.value).toBe('ZZ');
    expect(await h.bot.approvals.list({})).toHaveLength(0);
    expect(h.connector.messages(teamChannel)).toHaveLength(channelBefore);
    expect(await pax8Writes()).toHaveLength(pax8Before);
    expect(await graphWrites()).toHaveLength(graphBefore);
  });

  it('"no seat is free": the card says the seat is bought and the rest is by hand; approved, one Pax8 seat write, the checklist privately, names shown as typed', async () => {
    const suffix = Date.now().toString(36);
    const first = 'Jane ${request.id}';
    const last = `<at>Ann Approver</at> <!channel> \${$root} ${suffix}`;
    const manager = `\${request.id}<at>Ann</at>@fabrikam-${suffix}.example`;
    const answered = await submit({ firstName: first, lastName: last, userName: `{first}.{last}@fabrikam-${suffix}.example`, usageLocation: 'GB', seatFree: 'no', startDate: '', manager, notes: '<!channel> ${$root}' });
    const requestId = /Request ([0-9a-f-]{36})/.exec(textOf(answered))?.[1] ?? '';
    const opened = await h.bot.approvals.get(requestId);
    expect(opened, textOf(answered)).toMatchObject({ kind: 'onboard', state: 'pending' });
    const payload = opened?.payload as { tenantId: string | null; seatFree: boolean | null; user: { displayName: string; userPrincipalName: string } };
    expect(payload).toMatchObject({ tenantId: null, seatFree: false, user: { displayName: `${first} ${last}` } });
    expect(payload.user.userPrincipalName).toBe(`janerequest.id.atannapproveratchannelroot${suffix}@fabrikam-${suffix}.example`);

    const card = await requestCardIn(h, teamChannel, requestId);
    const shown = shownTexts(cardOf(card)).join('\n');
    expect(shown).toContain('the bot buys the seat if you said none is free; the rest is done by hand (a checklist comes once it has run)');
    expect(shown).toMatch(/no seat is free: \+1 seat on subscription .+ \([a-z0-9-]+, \+\d+\.\d\d [A-Z]{3}\/month\)|no seat is free and no subscription of .+: a new order of 1 × /);
    expect(shown).toContain(`${first} ${last}`);

    const before = (await pax8Writes()).length;
    const graphBefore = (await graphWrites()).length;
    expect((await h.post(cardInvoke(h.serviceUrl, people.ann, teamChannel, card.id, { verb: 'approve', requestId, version: opened?.version }))).status).toBe(200);
    await vi.waitFor(async () => expect((await h.bot.approvals.get(requestId))?.state).toBe('succeeded'), { timeout: 30_000 });
    await h.bot.delivery.idle();
    const writes = (await pax8Writes()).slice(before);
    expect(writes.map((w) => `${w.method} ${w.path.replace(/[0-9a-f-]{36}/, '{id}')}`)).toSatisfy((w: string[]) => w.length === 1 && ['PUT /v1/subscriptions/{id}', 'POST /v1/orders'].includes(w[0] ?? ''));
    expect(await graphWrites()).toHaveLength(graphBefore);

    const checklist = await vi.waitFor(
      () => {
        const found = h.connector.messages(personal).find(isChecklist);
        if (!found) throw new Error('no checklist in the personal chat yet');
        return structuredClone(found);
      },
      { timeout: 20_000 },
    );
    const list = cardOf(checklist);
    const facts = Object.fromEntries(flat(list.body).flatMap((e) => e.facts ?? []).map((f) => [f.title, f.value]));
    expect(facts).toMatchObject({ 'First name': first, 'Last name': last, 'Display name': `${first} ${last}`, Manager: manager, 'User name': payload.user.userPrincipalName, 'Usage location': 'GB' });
    expect(facts['Seat']).toMatch(/^a seat was bought at Pax8 \(/);
    expect(shownTexts(list)).toContain(`Left to do by hand: ${first} ${last}`);
    // Inert: no binding was filled in, no mention entity rides along, and no password was made.
    expect(checklist.activity.entities ?? []).toEqual([]);
    expect(list.msteams).toBeUndefined();
    expect(JSON.stringify(checklist.activity)).not.toMatch(/temporary password \S+ and/);
    expect(facts['Password']).toContain('Make one that must be changed at first sign-in');
    // Only the requester gets it.
    for (const other of [teamChannel, personalChatOf(people.ann)]) expect(h.connector.messages(other).filter(isChecklist)).toEqual([]);
  }, 90_000);
});
