/**
 * Pax8 data and what people type reach Slack as text, never as markup: a company named
 * `Ping <!channel> <!here> <@U0ADMIN>` must not notify a channel or a person from any message,
 * fallback text, DM, private answer or modal the bot sends. Whole bot over HTTP; the assertions
 * read what the fake Slack Web API recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackMessage, SlackModal } from '../../src/cards/block-kit.ts';
import { escapeMrkdwn } from '../../src/cards/mrkdwn.ts';
import { messageLimitViolations, modalLimitViolations } from '../../src/cards/slack-limit-violations.ts';
import { plainMessage } from '../../src/adapters/slack/render-for-slack.ts';
import type { FakeSlackCall, FakeSlackMessage } from '../../src/fakes/slack-web-api.ts';
import { approvalsChannel, eventually, generalChannel, msDetails, slackPeople, type SlackBotHarness, startSlackBot } from '../helpers/slack-harness.ts';
import { decodedArgs, showingMethods } from '../helpers/slack-shown-text.ts';

const { tech, ann } = slackPeople;

/** Slack's live tokens that a hostile value could smuggle in. */
const liveTokens = ['<!channel>', '<!here>', '<@U0ADMIN>', '<#C0GENERAL>', '<!subteam^S0ALL>', '<https://evil.example|'];

const textOf = (args: Record<string, unknown>): string => (typeof args['text'] === 'string' ? args['text'] : '');

function liveTokensIn(calls: readonly FakeSlackCall[]): string[] {
  return calls.flatMap((call) => {
    const text = JSON.stringify(decodedArgs(call));
    return liveTokens.filter((token) => text.includes(JSON.stringify(token).slice(1, -1))).map((token) => `${call.method}: ${token}`);
  });
}

async function createActiveCompany(h: SlackBotHarness, name: string): Promise<string> {
  const company = await h.bot.pax8.get().companies.create({
    name,
    address: { street: '1 Main St', city: 'Denver', stateOrProvince: 'CO', postalCode: '80202', country: 'US' },
    phone: '3035550100',
    website: 'https://hostile.example',
    billOnBehalfOfEnabled: false,
    selfServiceAllowed: false,
    orderApprovalRequired: false,
    // Primary Admin, Billing and Technical contacts make the company Active, so it can order.
    contacts: [
      {
        firstName: 'Pat',
        lastName: 'Primary',
        email: 'pat@hostile.example',
        phone: '3035550101',
        types: [{ type: 'Admin', primary: true }, { type: 'Billing', primary: true }, { type: 'Technical', primary: true }],
      },
    ],
  });
  // The resolver's lists are cached: reload them as the background refresh would.
  await h.bot.intents.resolver.refresh();
  return company.id;
}

describe('Slack text is escaped at every exit, whole bot over HTTP', () => {
  let h: SlackBotHarness;
  beforeAll(async () => {
    h = await startSlackBot();
  });
  afterAll(() => h.close());

  it('a company named "Ping <!channel> <!here> <@U0ADMIN>" pings no one: card, fallback text, copies, form, modals, DM, private answers', async () => {
    const hostile = 'Ping <!channel> <!here> <@U0ADMIN> <#C0GENERAL> <!subteam^S0ALL> <https://evil.example|click>';
    const companyId = await createActiveCompany(h, hostile);
    const callsBefore = h.fake.calls.length;

    // Without the provisioning details: the form comes back privately, Continue opens its modal.
    const privateBefore = h.fake.messages(generalChannel).length;
    expect((await h.command(tech.id, `buy ${companyId} "Exchange Online (Plan 1)" 3 monthly`)).status).toBe(200);
    const form = await eventually(() => h.fake.messages(generalChannel).slice(privateBefore).find((m) => m.visibleTo === tech.id && /Details needed/.test(m.text)), 'the details form');
    const opensBefore = h.fake.callsOf('views.open').length;
    await h.click(tech.id, generalChannel, form, 'submit_details');
    await eventually(() => h.fake.callsOf('views.open')[opensBefore], 'the details modal');

    // With them: the approval card in the approvals channel and the requester's copy.
    const approvalsBefore = h.fake.messages(approvalsChannel).length;
    expect((await h.command(tech.id, `buy ${companyId} "Exchange Online (Plan 1)" 3 monthly ${msDetails}`)).status).toBe(200);
    const card = await eventually(() => h.fake.messages(approvalsChannel)[approvalsBefore], 'the approval card');
    expect(JSON.stringify(card.blocks)).toContain(escapeMrkdwn('Ping <!channel> <!here> <@U0ADMIN>'));

    // Deny with a hostile reason: a modal, the decision on every copy, a DM to the requester, a private line to the clicker.
    const denyOpensBefore = h.fake.callsOf('views.open').length;
    await h.click(ann.id, approvalsChannel, card, 'deny');
    const opened = await eventually(() => h.fake.callsOf('views.open')[denyOpensBefore], 'the deny modal');
    const view = JSON.parse(String(opened.args['view'])) as Record<string, unknown>;
    const reason = 'No <!channel> for <@U0ADMIN> & friends';
    expect((await h.submitView(ann.id, view, { reason_input: { reason_input: { type: 'plain_text_input', value: reason } } })).status).toBe(200);
    const requestId = /Request (\S+) ·/.exec(JSON.stringify(card.blocks))?.[1] ?? '';
    await eventually(async () => (await h.bot.approvals.get(requestId))?.state === 'denied', 'the denial');
    await h.bot.delivery.idle();
    await eventually(() => h.fake.callsOf('chat.postEphemeral').find((c) => c.args['user'] === ann.id && c.at > opened.at), 'the private line to the clicker');

    const shown = h.fake.calls.slice(callsBefore).filter((c) => showingMethods.includes(c.method));
    for (const method of showingMethods) expect(shown.some((c) => c.method === method), method).toBe(true);
    expect(liveTokensIn(shown)).toEqual([]);
    // The text fallbacks say what happened, escaped, rather than dropping the name.
    const texts = shown.map((c) => textOf(c.args)).filter((t) => t.includes('Ping'));
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).toContain('Ping &lt;!channel&gt;');
  });

  it('names with *, _, ~, a newline, ${…} and 300 characters show as written, within every Slack limit', async () => {
    const name = `Star*Corp_under~tilde\nsecond line \${request.id} ${'W'.repeat(300)}`.slice(0, 300);
    const companyId = await createActiveCompany(h, name);
    const callsBefore = h.fake.calls.length;
    const approvalsBefore = h.fake.messages(approvalsChannel).length;
    expect((await h.command(tech.id, `buy ${companyId} "Exchange Online (Plan 1)" 3 monthly ${msDetails}`)).status).toBe(200);
    const card: FakeSlackMessage = await eventually(() => h.fake.messages(approvalsChannel)[approvalsBefore], 'the approval card');
    const opensBefore = h.fake.callsOf('views.open').length;
    await h.click(ann.id, approvalsChannel, card, 'deny');
    await eventually(() => h.fake.callsOf('views.open')[opensBefore], 'the deny modal');

    // The company field carries the whole name as written (only &, <, > are entities in Slack).
    expect(JSON.stringify(card.blocks)).toContain(JSON.stringify(`*Company*\n${escapeMrkdwn(name)}`).slice(1, -1));
    const header = (card.blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'header')?.text?.text ?? '';
    expect(header).toContain('Star*Corp_under~tilde second line ${request.id} WWW');
    expect(header.endsWith('…')).toBe(true);
    expect(card.text).toContain('Star*Corp_under~tilde second line ${request.id}');

    for (const call of h.fake.calls.slice(callsBefore).filter((c) => showingMethods.includes(c.method))) {
      const args = decodedArgs(call);
      if (call.method === 'views.open') expect(modalLimitViolations(args['view'] as SlackModal), call.method).toEqual([]);
      else expect(messageLimitViolations({ text: textOf(args), blocks: (args['blocks'] ?? []) as SlackMessage['blocks'] }), call.method).toEqual([]);
    }
  });

  it('escapes a one-line answer (a refusal naming who decided, a fault) like every card', () => {
    expect(plainMessage('Already denied (by <!channel> & <@U0ADMIN>).').text).toBe('Already denied (by &lt;!channel&gt; &amp; &lt;@U0ADMIN&gt;).');
  });
});
