/**
 * One bot, two Pax8 partner accounts (`pax8.instances` main and second, served by one sandbox
 * as `sandbox` and `sandbox-2`). Each company belongs to the account that returned it: lookups,
 * the dry run, the approved write and the channel mapping all go to that account. Whole bot over
 * HTTP: signed Slack requests in, the sandbox's writes log out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Company } from '../../src/pax8/index.ts';
import { collect } from '../../src/pax8/index.ts';
import { answerTo, approvalsChannel, eventually, generalChannel, msDetails, rowButton, type SlackBotHarness, slackPeople, startSlackBot } from '../helpers/slack-harness.ts';

const { tech, ann, admin } = slackPeople;

interface LoggedWrite {
  method: string;
  path: string;
  account: string | null;
  isMock?: true;
}

async function allWrites(h: SlackBotHarness): Promise<LoggedWrite[]> {
  const response = await fetch(`${h.sandbox.url}/__sandbox/writes`);
  return ((await response.json()) as { writes: LoggedWrite[] }).writes;
}

describe('two Pax8 accounts in one bot, whole bot over HTTP', () => {
  let h: SlackBotHarness;
  let main: Company[];
  let second: Company[];
  /** An Active company of the second account whose name the first account does not have. */
  let onlyInSecond: Company;

  beforeAll(async () => {
    h = await startSlackBot({ accounts: 2 });
    main = await collect(h.bot.pax8.get('main').companies.list());
    second = await collect(h.bot.pax8.get('second').companies.list());
    const found = second.find((c) => c.status === 'Active' && !main.some((m) => m.name === c.name));
    if (!found) throw new Error('the second account has no Active company of its own name');
    onlyInSecond = found;
  });
  afterAll(() => h.close());

  /** The newest card in the approvals channel: a request of the second account, approved by Ann until done. */
  async function approveLatestCardOfSecondAccount(what: string): Promise<void> {
    const card = h.fake.messages(approvalsChannel).at(-1);
    if (!card) throw new Error('no card in the approvals channel');
    const requestId = /Request (\S+) ·/.exec(JSON.stringify(card.blocks))?.[1] ?? '';
    expect((await h.bot.approvals.get(requestId))?.account).toBe('second');
    expect((await h.click(ann.id, approvalsChannel, card, 'approve')).status).toBe(200);
    await eventually(async () => (await h.bot.approvals.get(requestId))?.state === 'succeeded', what);
  }

  it('serves the two accounts their own companies', () => {
    expect(h.bot.pax8.names).toEqual(['main', 'second']);
    expect(second.length).toBeGreaterThan(0);
    expect(second.some((c) => main.some((m) => m.id === c.id))).toBe(false);
  });

  it('sends a buy for a company of the second account, its dry run and its order, to the second account only', async () => {
    const before = (await allWrites(h)).length;
    const answer = await answerTo(h, tech.id, `buy "${onlyInSecond.name}" "Exchange Online (Plan 1)" 2 monthly ${msDetails}`);
    expect(answer).toMatch(/^card: .*Waiting for approval/);
    await approveLatestCardOfSecondAccount('the order to succeed');

    const writes = (await allWrites(h)).slice(before);
    expect(writes.filter((w) => w.isMock === true)).toHaveLength(1);
    expect(writes.filter((w) => w.isMock !== true)).toHaveLength(1);
    expect(writes.map((w) => w.account)).toEqual(['sandbox-2', 'sandbox-2']);
    const orders = await collect(h.bot.pax8.get('second').orders.list({ companyId: onlyInSecond.id }));
    expect(orders.length).toBeGreaterThan(0);
    // The first account does not know the company at all.
    await expect(collect(h.bot.pax8.get('main').orders.list({ companyId: onlyInSecond.id }))).rejects.toMatchObject({ status: 404 });
  });

  it('asks which company when a name is in both accounts, naming each one\'s account; --account narrows', async () => {
    const twin = onlyInSecond.name;
    const copy = await h.bot.pax8.get('main').companies.create({
      name: twin,
      address: { street: '1 Main St', city: 'Denver', stateOrProvince: 'CO', postalCode: '80202', country: 'US' },
      phone: '3035550100',
      website: 'https://twin.example',
      billOnBehalfOfEnabled: false,
      selfServiceAllowed: false,
      orderApprovalRequired: false,
    });
    // The resolver's lists are cached: reload them as the background refresh would.
    await h.bot.intents.resolver.refresh();

    const ask = await answerTo(h, tech.id, `company "${twin}"`);
    expect(ask).toMatch(/matches several companies/);
    expect(ask).toContain('account main');
    expect(ask).toContain('account second');
    expect(ask).toContain(copy.id);
    expect(ask).toContain(onlyInSecond.id);

    const narrowed = await answerTo(h, tech.id, `company "${twin}" --account second`);
    expect(narrowed).not.toMatch(/matches several/);
    expect(narrowed).toContain(onlyInSecond.id);
    const byId = await answerTo(h, tech.id, `company ${copy.id}`);
    expect(byId).toContain(copy.id);
  });

  it('lists every account\'s companies with their account, and looks ids up in each account', async () => {
    const list = await answerTo(h, tech.id, `companies "${onlyInSecond.name}"`);
    expect(list).toContain('account second');
    const subs = await collect(h.bot.pax8.get('second').subscriptions.list({ companyId: onlyInSecond.id }));
    const sub = subs[0];
    if (!sub) throw new Error('the company has no subscription');
    const detail = await answerTo(h, tech.id, `sub ${sub.id}`);
    expect(detail).not.toMatch(/No subscription has the id/);
    expect(detail).toContain(sub.productName ?? sub.id);
    expect(await answerTo(h, tech.id, `sub ${sub.id} --account main`)).toMatch(/No subscription has the id/);
  });

  it('executes a seat change on a subscription of the second account there, found by its id alone', async () => {
    const subs = await collect(h.bot.pax8.get('second').subscriptions.list({ status: 'Active' }));
    const sub = subs.find((s) => !s.commitment && (s.quantity ?? 0) > 1);
    if (!sub) throw new Error('no subscription without commitment in the second account');
    const before = (await allWrites(h)).length;
    expect(await answerTo(h, tech.id, `seats ${sub.id} +1`)).toMatch(/^card: .*Waiting for approval/);
    await approveLatestCardOfSecondAccount('the seat change to succeed');
    const writes = (await allWrites(h)).slice(before);
    expect(writes).toEqual([expect.objectContaining({ method: 'PUT', account: 'sandbox-2' })]);
    expect((await h.bot.pax8.get('second').subscriptions.get(sub.id)).quantity).toBe((sub.quantity ?? 0) + 1);
  });

  it('keeps --account on the buttons of a narrowed list: Seats on a row there changes the subscription in that account', async () => {
    const subs = await collect(h.bot.pax8.get('second').subscriptions.list({ companyId: onlyInSecond.id }));
    subs.sort((a, b) => (a.productName ?? '').localeCompare(b.productName ?? '') || a.id.localeCompare(b.id));
    const sub = subs.slice(0, 10).find((s) => s.status === 'Active' && !s.commitment);
    if (!sub) throw new Error('no subscription without commitment on the first page of the company');
    const mine = () => h.fake.messages(generalChannel).filter((m) => m.visibleTo === tech.id);
    const before = mine().map((m) => m.ts);
    expect((await h.command(tech.id, `subs ${onlyInSecond.id} --account second`)).status).toBe(200);
    const list = await eventually(() => mine().find((m) => !before.includes(m.ts) && /^Subscriptions of/.test(m.text)), 'the list');
    const seats = rowButton(list, 'Seats', sub.id);
    expect(JSON.parse(seats.value ?? '')).toEqual({ verb: 'choose', command: `seats ${sub.id} --account second` });

    const opensBefore = h.fake.callsOf('views.open').length;
    await h.press(tech.id, generalChannel, list, seats);
    const opened = await eventually(() => h.fake.callsOf('views.open')[opensBefore], 'the seats modal');
    const view = JSON.parse(String(opened.args['view'])) as Record<string, unknown>;
    const writesBefore = (await allWrites(h)).length;
    const cardsBefore = h.fake.messages(approvalsChannel).length;
    expect((await h.submitView(tech.id, view, { quantity: { quantity: { type: 'number_input', value: String((sub.quantity ?? 0) + 1) } } })).status).toBe(200);
    await eventually(() => h.fake.messages(approvalsChannel)[cardsBefore], 'the approval card');
    await approveLatestCardOfSecondAccount('the seat change to succeed');
    expect((await allWrites(h)).slice(writesBefore)).toEqual([expect.objectContaining({ method: 'PUT', account: 'sandbox-2' })]);
    expect((await h.bot.pax8.get('second').subscriptions.get(sub.id)).quantity).toBe((sub.quantity ?? 0) + 1);
  });

  it('lists renewals of every account, each row naming its account', async () => {
    const answer = await answerTo(h, tech.id, 'renewals 366');
    expect(answer).toContain('account main');
    expect(answer).toContain('account second');
    const narrowed = await answerTo(h, tech.id, 'renewals 366 --account second');
    expect(narrowed).toContain('account second');
    expect(narrowed).not.toContain('account main');
  });

  it('refuses an account that is not configured, naming the ones that are', async () => {
    const answer = await answerTo(h, tech.id, 'companies --account nowhere');
    expect(answer).toMatch(/No Pax8 account is called \\?"nowhere\\?"/);
    expect(answer).toContain('main, second');
  });

  it('keeps a channel mapping in its company\'s account: subs there read the second account', async () => {
    const channel = 'C0SECOND';
    expect(await answerTo(h, admin.id, `map ${onlyInSecond.id}`, channel)).toMatch(/mapped to/);
    expect((await h.bot.store.channelCompanies.get(`slack:${channel}`))?.account).toBe('second');
    const subs = await answerTo(h, tech.id, 'subs', channel);
    expect(subs).toContain(onlyInSecond.name);
    expect(subs).not.toMatch(/Say which company/);
  });
});
