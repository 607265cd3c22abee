import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalsChannel, eventually, generalChannel, type InputBlock, msDetails, slackPeople, type SlackBotHarness, startSlackBot, typedValue } from '../helpers/slack-harness.ts';
import { nextTrigger } from '../helpers/slack-requests.ts';

const { tech, ann, bob, anon } = slackPeople;

const requestIdOf = (blocks: unknown[]) => /Request (\S+) ·/.exec(JSON.stringify(blocks))?.[1] ?? '';

describe('Slack retries, double clicks, identity and forms', () => {
  let h: SlackBotHarness;
  beforeAll(async () => {
    h = await startSlackBot({ log: process.env.SLACK_TEST_LOG === "1" });
  });
  afterAll(() => h.close());

  it('a retried slash command (X-Slack-Retry-Num) creates no second request and posts no second card', async () => {
    const before = h.fake.messages(approvalsChannel).length;
    const triggerId = nextTrigger();
    const text = `buy cedar dental "Exchange Online (Plan 1)" 6 monthly ${msDetails}`;
    const first = h.command(tech.id, text, generalChannel, { triggerId });
    const retry = h.command(tech.id, text, generalChannel, { triggerId, retryNum: 1 });
    expect((await first).status).toBe(200);
    expect((await retry).status).toBe(200);
    await eventually(() => h.fake.messages(approvalsChannel)[before], 'the card');
    await h.command(tech.id, text, generalChannel, { triggerId, retryNum: 2 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await h.bot.delivery.idle();
    expect(h.fake.messages(approvalsChannel).length).toBe(before + 1);
    const pending = await h.bot.approvals.list({ states: ['pending'], limit: 100 });
    expect(pending.filter((r) => / 6 /.test(r.summary)).map((r) => r.summary)).toHaveLength(1);
  });

  it('20 concurrent Approve clicks by two approvers make one decision and one write', async () => {
    const before = h.fake.messages(approvalsChannel).length;
    const writesBefore = (await h.writes()).length;
    await h.command(tech.id, `buy cedar dental "Exchange Online (Plan 1)" 7 monthly ${msDetails}`);
    const card = await eventually(() => h.fake.messages(approvalsChannel)[before], 'the card');
    const requestId = requestIdOf(card.blocks);
    const clicks = Array.from({ length: 20 }, (_, i) => h.click(i % 2 === 0 ? ann.id : bob.id, approvalsChannel, card, 'approve', { actionTs: `1700000100.${i}` }));
    const statuses = (await Promise.all(clicks)).map((r) => r.status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    await eventually(async () => (await h.bot.approvals.get(requestId))?.state === 'succeeded', 'the order');
    await h.bot.delivery.idle();
    expect((await h.writes()).length - writesBefore).toBe(1);
    const audit = await h.bot.store.audit.list({ requestId });
    const approvals = audit.filter((a) => a.toState === 'approved');
    expect(approvals).toHaveLength(1);
    // Every click gets its private answer: one "Approved", nineteen "already decided".
    const answers = () => h.fake.callsOf('chat.postEphemeral').filter((c) => [ann.id, bob.id].some((id) => id === c.args['user']));
    await eventually(() => answers().length >= 20 || undefined, 'an answer to every click');
    expect(answers().filter((c) => /^Approved/.test(String(c.args['text'])))).toHaveLength(1);
  });

  it('asks users.info once per user (cached) and answers a user without an e-mail that it cannot check roles', async () => {
    const before = h.fake.callsOf('users.info').filter((c) => c.args['user'] === anon.id).length;
    await h.command(anon.id, `buy cedar dental "Exchange Online (Plan 1)" 2 monthly ${msDetails}`);
    await h.command(anon.id, 'help');
    const answer = await eventually(() => h.fake.callsOf('response_url').find((c) => /e-?mail|not allowed/i.test(JSON.stringify(c.args)) && (c.args['target'] as { user?: string } | undefined)?.user === anon.id), 'the refusal');
    expect(answer).toBeDefined();
    await eventually(() => h.fake.callsOf('response_url').filter((c) => (c.args['target'] as { user?: string } | undefined)?.user === anon.id).length >= 2 || undefined, 'both answers');
    expect(h.fake.callsOf('users.info').filter((c) => c.args['user'] === anon.id).length - before).toBeLessThanOrEqual(1);
  });

  it('the details form converges: what the command gave is kept, only what is missing is asked, and refused answers keep the modal open with the error beside them', async () => {
    const tenant = '6f1c2b7e-1d0a-4c43-9b8a-0c1d2e3f4a5b';
    const before = h.fake.messages(approvalsChannel).length;
    const formsBefore = h.fake.messages(generalChannel).filter((m) => m.visibleTo === tech.id && /Details needed/.test(m.text)).length;
    await h.command(tech.id, `buy cedar dental "Microsoft 365 E5" 4 annual msCustExists=yes msTenantId=${tenant} mca2020EffectiveDate=29/11/2026`);
    const form = await eventually(() => h.fake.messages(generalChannel).filter((m) => m.visibleTo === tech.id && /Details needed/.test(m.text))[formsBefore], 'the details form');
    const opensBefore = h.fake.callsOf('views.open').length;
    await h.click(tech.id, generalChannel, form, 'submit_details');
    const opened = await eventually(() => h.fake.callsOf('views.open')[opensBefore], 'the details modal');
    const view = JSON.parse(String(opened.args['view'])) as { blocks: (InputBlock & { type: string })[]; callback_id: string };
    const inputs = view.blocks.filter((b) => b.type === 'input');
    // An existing Microsoft customer: no domain prefix asked; the tenant id and the answer kept.
    expect(inputs.map((b) => b.block_id)).toEqual(['detail__mca2020FirstName', 'detail__mca2020LastName', 'detail__mca2020Email', 'detail__mca2020EffectiveDate']);
    expect(inputs.at(-1)?.element?.type).toBe('datepicker');
    expect(JSON.stringify(view.blocks)).toContain('29/11/2026\\" is not a date: use YYYY-MM-DD');

    const answer = async (values: Record<string, Record<string, unknown>>) => {
      const response = await h.submitView(tech.id, view, values);
      expect(response.status).toBe(200);
      const text = await response.text();
      return text === '' ? {} : (JSON.parse(text) as { response_action?: string; errors?: Record<string, string> });
    };
    const text = (value: string | null) => ({ type: 'plain_text_input', value });
    const empty = await answer({
      detail__mca2020FirstName: { detail__mca2020FirstName: text(null) },
      detail__mca2020LastName: { detail__mca2020LastName: text(null) },
      detail__mca2020Email: { detail__mca2020Email: text(null) },
      detail__mca2020EffectiveDate: { detail__mca2020EffectiveDate: { type: 'datepicker', selected_date: null } },
    });
    expect(empty.response_action).toBe('errors');
    expect(Object.keys(empty.errors ?? {}).sort()).toEqual(['detail__mca2020EffectiveDate', 'detail__mca2020Email', 'detail__mca2020FirstName', 'detail__mca2020LastName']);
    expect(empty.errors?.['detail__mca2020FirstName']).toBe('First Name is needed to order');

    const filled = (email: string) => ({
      detail__mca2020FirstName: { detail__mca2020FirstName: text('Cara') },
      detail__mca2020LastName: { detail__mca2020LastName: text('Cedar') },
      detail__mca2020Email: { detail__mca2020Email: text(email) },
      detail__mca2020EffectiveDate: { detail__mca2020EffectiveDate: { type: 'datepicker', selected_date: '2026-11-20' } },
    });
    const badEmail = await answer(filled('cara@'));
    expect(badEmail.errors).toEqual({ detail__mca2020Email: '"cara@" is not an e-mail address' });
    expect(h.fake.messages(approvalsChannel)).toHaveLength(before);

    expect(await answer(filled('cara@cedar.example'))).toEqual({});
    const card = await eventually(() => h.fake.messages(approvalsChannel)[before], 'the approval card');
    const request = await h.bot.approvals.get(requestIdOf(card.blocks));
    const details = (request?.payload as { provisioningDetails?: { key: string; values: string[] }[] }).provisioningDetails ?? [];
    expect(Object.fromEntries(details.map((d) => [d.key, d.values]))).toEqual({
      msCustExists: ['Yes, the customer has and can log into their Microsoft account'],
      msTenantId: [tenant],
      mca2020FirstName: ['Cara'],
      mca2020LastName: ['Cedar'],
      mca2020Email: ['cara@cedar.example'],
      mca2020EffectiveDate: ['2026-11-20'],
    });
    // One form was shown: the answers converged without asking again.
    expect(h.fake.messages(generalChannel).filter((m) => m.visibleTo === tech.id && /Details needed/.test(m.text))).toHaveLength(formsBefore + 1);
  });

  it('missing provisioning details: the form, Continue opens a modal from its inputs, the submission opens the request', async () => {
    const before = h.fake.messages(approvalsChannel).length;
    const forms = () => h.fake.messages(generalChannel).filter((m) => m.visibleTo === tech.id && /Details needed/.test(m.text));
    const formsBefore = forms().length;
    await h.command(tech.id, 'buy cedar dental "Exchange Online (Plan 1)" 5 monthly');
    const form = await eventually(() => forms()[formsBefore], 'the details form');
    const opensBefore = h.fake.callsOf('views.open').length;
    await h.click(tech.id, generalChannel, form, 'submit_details');
    const opened = await eventually(() => h.fake.callsOf('views.open')[opensBefore], 'the details modal');
    const view = JSON.parse(String(opened.args['view'])) as { blocks: (InputBlock & { type: string })[]; callback_id: string };
    expect(view.callback_id).toBe('submit_details');
    const inputs = view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id ?? '');
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.every((id) => id.startsWith('detail__'))).toBe(true);
    const typed = Object.fromEntries(msDetails.split(' ').map((pair) => pair.split('=') as [string, string]));
    const values = Object.fromEntries(view.blocks.filter((b) => b.type === 'input').map((b) => [b.block_id ?? '', { [b.block_id ?? '']: typedValue(b, typed) }]));
    expect((await h.submitView(tech.id, view, values)).status).toBe(200);
    const card = await eventually(() => h.fake.messages(approvalsChannel)[before], 'the approval card');
    expect(card.text).toMatch(/5 [x×] Exchange Online/);
  });
});
