/**
 * `GET /metrics` after real traffic: the whole bot over HTTP (Slack signed requests, Teams activities
 * through the console's Bot Connector), Pax8 and Microsoft played by the sandbox. Each test scrapes
 * before and after and asserts that the right series moved, with the right labels — and that no
 * label carries an id, a company name or a user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../src/pax8/index.ts';
import { answerTo, slackPeople, type SlackBotHarness, startSlackBot } from '../helpers/slack-harness.ts';
import { type MetricSample, scrape, sumOf } from '../helpers/prometheus-text.ts';
// Before the harness: the activities module reads the harness's bot id when it loads.
import '../helpers/teams-activities.ts';
import { askPrivately, people, startTeamsHarness, type TeamsHarness } from '../helpers/teams-harness.ts';

const { tech } = slackPeople;
const p = 'pax8chatops_';
const delta = (before: readonly MetricSample[], after: readonly MetricSample[], name: string, labels: Record<string, string> = {}) => sumOf(after, name, labels) - sumOf(before, name, labels);

describe('metrics of a bot serving Slack over HTTP, with Pax8 and Microsoft', () => {
  let h: SlackBotHarness;
  beforeAll(async () => {
    h = await startSlackBot({ microsoft: true });
  });
  afterAll(() => h.close());

  it('counts commands per platform, intent kind and outcome, with their latency and the HTTP acks', async () => {
    const before = await scrape(h.bot.url);
    expect(await answerTo(h, tech.id, 'help')).toMatch(/said/);
    expect(await answerTo(h, tech.id, 'companies')).toMatch(/said/);
    expect(await answerTo(h, tech.id, 'frobnicate the widgets')).toMatch(/is not a command/);
    const after = await scrape(h.bot.url);
    expect(delta(before, after, `${p}intents_total`, { platform: 'slack', kind: 'help', outcome: 'ok' })).toBe(1);
    expect(delta(before, after, `${p}intents_total`, { platform: 'slack', kind: 'companies', outcome: 'ok' })).toBe(1);
    expect(delta(before, after, `${p}intents_total`, { platform: 'slack', kind: 'unparsed', outcome: 'error' })).toBe(1);
    expect(delta(before, after, `${p}intent_duration_seconds_count`, { platform: 'slack', kind: 'companies' })).toBe(1);
    expect(sumOf(after, `${p}intent_duration_seconds_sum`, { platform: 'slack', kind: 'companies' })).toBeGreaterThan(0);
    expect(delta(before, after, `${p}http_requests_total`, { route: '/slack/events', method: 'POST', status: '200' })).toBe(3);
    expect(delta(before, after, `${p}http_request_duration_seconds_count`, { route: '/slack/events' })).toBe(3);
  });

  it('counts Pax8 calls by route template and status, retries and token requests included', async () => {
    const fault = await fetch(`${h.sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'GET /companies/{companyId}', status: 429, retryAfter: 0, times: 1 }),
    });
    expect(fault.status).toBe(200);
    const [company] = await collect(h.bot.pax8.get().companies.list(), { max: 1 });
    const before = await scrape(h.bot.url);
    await h.bot.pax8.get().companies.get(company?.id ?? '');
    const after = await scrape(h.bot.url);
    const labels = { service: 'pax8', account: 'default', method: 'GET', route: '/companies/{companyId}' };
    expect(delta(before, after, `${p}api_calls_total`, { ...labels, status: '429' })).toBe(1);
    expect(delta(before, after, `${p}api_calls_total`, { ...labels, status: '200' })).toBe(1);
    expect(delta(before, after, `${p}api_call_duration_seconds_count`, { service: 'pax8', route: '/companies/{companyId}' })).toBe(2);
    // The token the client asked for when it started calling.
    expect(sumOf(after, `${p}api_calls_total`, { service: 'pax8', route: '/token', status: '200' })).toBeGreaterThanOrEqual(1);
  });

  it('counts Entra and Graph calls by route template, never by tenant', async () => {
    const { tenants } = (await (await fetch(`${h.sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: { companyId: string; account: string; consented: boolean }[] };
    const tenant = tenants.find((t) => t.account === 'sandbox' && t.consented);
    if (!tenant) throw new Error('no consented tenant');
    const before = await scrape(h.bot.url);
    expect(await answerTo(h, tech.id, `licenses ${tenant.companyId}`)).toMatch(/Licences of/);
    const after = await scrape(h.bot.url);
    expect(delta(before, after, `${p}api_calls_total`, { service: 'graph', method: 'GET', route: '/subscribedSkus', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sumOf(after, `${p}api_calls_total`, { service: 'entra', method: 'POST', route: '/{tenant}/oauth2/v2.0/token', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(delta(before, after, `${p}intents_total`, { platform: 'slack', kind: 'licenses', outcome: 'ok' })).toBe(1);
  });

  it('shows approval requests by state as the database holds them, and how late the scheduler took due work', async () => {
    const before = await scrape(h.bot.url);
    const buy = await answerTo(h, tech.id, 'buy cedar dental "Exchange Online (Plan 1)" 3 monthly msCustExists=no msDomain=cedardental mca2020FirstName=Cara mca2020LastName=Cedar mca2020Email=cara@cedar.example mca2020EffectiveDate=2026-11-01');
    const requestId = /Request (\S+) ·/.exec(buy)?.[1];
    if (!requestId) throw new Error(`no approval card: ${buy.slice(0, 300)}`);
    const afterBuy = await scrape(h.bot.url);
    const pending = (await h.bot.approvals.list({ states: ['pending'] })).length;
    expect(sumOf(afterBuy, `${p}approval_requests`, { state: 'pending' })).toBe(pending);
    expect(delta(before, afterBuy, `${p}approval_requests`, { state: 'pending' })).toBe(1);
    expect(afterBuy.filter((s) => s.name === `${p}approval_requests`).map((s) => s.labels.state).sort()).toEqual(
      ['approved', 'cancelled', 'denied', 'executing', 'expired', 'failed', 'pending', 'scheduled', 'succeeded', 'unknown'],
    );

    // A reminder that should have gone a minute ago: the next scheduler pass takes it, a minute late.
    await h.bot.store.work.put({ kind: 'remind', requestId, runAt: new Date(Date.now() - 60_000) });
    const taken = async () => {
      const now = await scrape(h.bot.url);
      return delta(before, now, `${p}scheduler_lag_seconds_count`, { work: 'remind' }) >= 1 ? now : undefined;
    };
    let after: MetricSample[] | undefined;
    for (let i = 0; i < 200 && !after; i++) {
      after = await taken();
      if (!after) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!after) throw new Error('the scheduler did not take the due reminder');
    expect(delta(before, after, `${p}scheduler_lag_seconds_sum`, { work: 'remind' })).toBeGreaterThanOrEqual(60);
    expect(sumOf(after, `${p}scheduler_oldest_due_seconds`)).toBeLessThan(60);
  });

  it('labels nothing with an id, a company, a tenant or a person, and serves Node process metrics', async () => {
    const samples = await scrape(h.bot.url);
    const values = new Set(samples.flatMap((s) => Object.values(s.labels)));
    for (const value of values) {
      expect(value).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
      expect(value).not.toMatch(/@|cedar|U0TECH|onmicrosoft/i);
    }
    expect(sumOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });
});

describe('metrics of Teams and the console', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(() => h.close());

  it('counts Teams messages under platform "teams" and the console page under its route', async () => {
    const before = await scrape(h.bot.url);
    await askPrivately(h, people.tech, 'help', /help|command/i);
    expect((await fetch(`${h.bot.url}/console`)).status).toBe(200);
    const after = await scrape(h.bot.url);
    expect(delta(before, after, `${p}intents_total`, { platform: 'teams', kind: 'help', outcome: 'ok' })).toBe(1);
    expect(delta(before, after, `${p}http_requests_total`, { route: '/api/messages', method: 'POST', status: '200' })).toBe(1);
    expect(delta(before, after, `${p}http_requests_total`, { route: '/console', method: 'GET' })).toBeGreaterThanOrEqual(1);
  });
});
