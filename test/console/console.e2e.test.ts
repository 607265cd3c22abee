/**
 * The walk-through in a real browser: the bot started as `npm start` starts it with nothing
 * configured, the console page in headless Chromium, a purchase requested in the Slack pane,
 * approved in the Teams pane, and the order placed at the sandbox exactly once.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../src/pax8/index.ts';
import { demoPurchase } from '../../src/console/demo-examples.ts';
import type { RunningBot } from '../../src/start-bot.ts';
import { artifactsDir, chromiumAvailable, type ConsoleInBrowser, openConsoleInBrowser, shows } from '../helpers/console-browser.ts';

const { company } = demoPurchase;
const readmeScreenshot = new URL('./console.png', import.meta.url).pathname;

interface SandboxWrite {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number | null;
}

describe.skipIf(!chromiumAvailable('console e2e'))('the local console in Chromium', () => {
  let bot: RunningBot;
  let page: Page;
  let opened: ConsoleInBrowser | undefined;

  beforeAll(async () => {
    const started = performance.now();
    opened = await openConsoleInBrowser('console-e2e-');
    ({ bot, page } = opened);
    console.info(`console e2e: bot with console ready and page open in ${Math.round(performance.now() - started)} ms (in-process start, fresh PGlite)`);
  }, 90_000);

  afterAll(async () => {
    await opened?.close();
  });

  const pane = (name: 'slack' | 'teams') => page.locator(`[data-pane="${name}"]`);
  const open = (name: 'slack' | 'teams', conversation: string) => pane(name).locator(`[data-conversation="${conversation}"]`).click();
  const cardAbout = (scope: Locator) => scope.locator('[data-testid$="-messages"] .msg.from-bot').filter({ hasText: company }).last();

  async function orderWrites(): Promise<SandboxWrite[]> {
    const response = await fetch(`${bot.sandbox?.url}/__sandbox/writes`);
    const { writes } = (await response.json()) as { writes: SandboxWrite[] };
    return writes.filter((w) => w.method === 'POST' && w.path === '/v1/orders');
  }

  it('requests in Slack, approves in Teams, and the order reaches the sandbox once', async () => {
    await page.selectOption('[data-testid="person"]', 'tech');
    await open('slack', 'C0GENERAL');
    // The example a newcomer is offered under the command box.
    await pane('slack').locator('.example').filter({ hasText: /^buy / }).click();
    await pane('slack').locator('[data-testid="slack-command"]').press('Enter');

    await open('slack', 'C0APPROVALS');
    await shows(cardAbout(pane('slack')), 'Waiting for approval', 20_000);
    await open('teams', '19:console-approvals@thread.tacv2');
    await shows(cardAbout(pane('teams')), 'Waiting for approval', 20_000);
    // The requester sees no Approve button on their own request, in either pane.
    expect(await cardAbout(pane('teams')).getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect((await orderWrites()).filter((w) => w.query['isMock'] !== 'true')).toEqual([]);
    await page.screenshot({ path: join(artifactsDir(), 'console-1-requested.png') });

    await page.selectOption('[data-testid="person"]', 'ann');
    const approve = cardAbout(pane('teams')).getByRole('button', { name: 'Approve' });
    await approve.waitFor({ timeout: 20_000 });
    await approve.click();

    await shows(cardAbout(pane('teams')), 'Done in Pax8', 30_000);
    await shows(cardAbout(pane('slack')), 'Done in Pax8', 30_000);
    expect(await cardAbout(pane('slack')).getByRole('button', { name: 'Approve' }).count()).toBe(0);
    const placed = (await orderWrites()).filter((w) => w.query['isMock'] !== 'true');
    expect(placed).toEqual([expect.objectContaining({ method: 'POST', path: '/v1/orders', status: 200 })]);
    await shows(page.locator('[data-testid="pax8-calls"]'), 'POST /v1/orders 200', 10_000);
    await shows(page.locator('[data-testid="audit"]'), 'succeeded', 10_000);

    await page.screenshot({ path: join(artifactsDir(), 'console-2-approved.png') });
    // The README's picture of the console: written when missing or asked for, not on every run.
    if (!existsSync(readmeScreenshot) || process.env.UPDATE_CONSOLE_SCREENSHOT === '1') await page.screenshot({ path: readmeScreenshot });
  }, 120_000);

  it('asks for order details and takes a denial reason in Slack modals', async () => {
    const modal = page.locator('[data-testid="slack-modal"]');
    await page.selectOption('[data-testid="person"]', 'tech');
    await open('slack', 'C0GENERAL');
    await pane('slack').locator('[data-testid="slack-command"]').fill('buy "Cedar Hospitality Ltd." "Keeper Business" 3 monthly');
    await pane('slack').locator('[data-testid="slack-command"]').press('Enter');
    const form = pane('slack').locator('.msg.from-bot').filter({ hasText: 'Details needed' }).last();
    await form.getByRole('button', { name: 'Continue' }).click();
    await modal.locator('input').fill('it@cedar.example');
    await modal.locator('button[type="submit"]').click();
    await modal.waitFor({ state: 'detached' });

    await page.selectOption('[data-testid="person"]', 'bob');
    await open('slack', 'C0APPROVALS');
    const card = pane('slack').locator('.msg.from-bot').filter({ hasText: 'Keeper Business' }).last();
    await card.getByRole('button', { name: 'Deny' }).click();
    await modal.locator('textarea, input').first().fill('Cedar has enough password seats');
    await modal.locator('button[type="submit"]').click();
    await shows(card, 'Denied', 20_000);
    await shows(cardAbout(pane('teams')), 'Done in Pax8', 5_000);
    const teamsCard = pane('teams').locator('.msg.from-bot').filter({ hasText: 'Keeper Business' }).last();
    await shows(teamsCard, 'Cedar has enough password seats', 20_000);
    expect((await orderWrites()).filter((w) => w.query['isMock'] !== 'true')).toHaveLength(1);
    await page.screenshot({ path: join(artifactsDir(), 'console-3-denied.png') });
  }, 60_000);

  it('answers a command typed in the Teams personal chat, visible to that person only', async () => {
    await page.selectOption('[data-testid="person"]', 'bob');
    await open('teams', 'a:console-personal-bob');
    await pane('teams').locator('[data-testid="teams-command"]').fill('companies harbor');
    await pane('teams').locator('[data-testid="teams-command"]').press('Enter');
    const answer = pane('teams').locator('.msg.from-bot').last();
    await shows(answer, 'Harbor Dental PC', 20_000);
    await page.selectOption('[data-testid="person"]', 'ann');
    expect(await pane('teams').locator('[data-conversation="a:console-personal-bob"]').count()).toBe(0);
  });

  it('answers a command typed in the Teams approvals channel in the person\'s personal chat, leaving one line in the channel', async () => {
    await page.selectOption('[data-testid="person"]', 'bob');
    await open('teams', '19:console-approvals@thread.tacv2');
    await pane('teams').locator('[data-testid="teams-command"]').fill('companies aspen');
    await pane('teams').locator('[data-testid="teams-command"]').press('Enter');
    await shows(pane('teams').locator('.msg.from-bot').last(), 'answered you in our personal chat', 20_000);
    expect(await pane('teams').locator('.msg.from-bot').filter({ hasText: 'Aspen Logistics Group' }).count()).toBe(0);
    await open('teams', 'a:console-personal-bob');
    await shows(pane('teams').locator('.msg.from-bot').filter({ hasText: 'Aspen Logistics Group' }).last(), 'Aspen Logistics Group', 20_000);
    await page.screenshot({ path: join(artifactsDir(), 'console-4-answered-privately.png') });
  });

  it('shows a company\'s licences with Pax8 and its Microsoft 365 tenant side by side, with nothing configured', async () => {
    await page.selectOption('[data-testid="person"]', 'tech');
    await open('teams', '19:console-general@thread.tacv2');
    await pane('teams').locator('[data-testid="teams-command"]').fill('licenses "Harbor Dental PC"');
    await pane('teams').locator('[data-testid="teams-command"]').press('Enter');
    const answer = pane('teams').locator('.msg.from-bot').filter({ hasText: 'Licences of Harbor Dental PC' }).last();
    await shows(answer, 'Licences of Harbor Dental PC', 30_000);
    await expect.poll(async () => (await answer.innerText()).toLowerCase()).toMatch(/free/);
    // The side panel shows the same tenant: its licences with free seats and its first users.
    const panel = page.locator('[data-testid="tenants"]');
    const harbor = panel.locator('option', { hasText: 'Harbor Dental PC' });
    await page.selectOption('[data-testid="tenant-select"]', (await harbor.getAttribute('value')) ?? '');
    await shows(panel.locator('[data-testid="tenant-licences"]'), 'free', 20_000);
    expect(await panel.locator('[data-testid="tenant-users"] li').count()).toBeGreaterThan(0);
    const inChat = (await answer.innerText()).replace(/(\d),(\d)/g, '$1$2');
    for (const line of (await panel.locator('[data-testid="tenant-licences"] li').allInnerTexts()).slice(0, 3)) {
      const free = /(-?\d+) free/.exec(line)?.[1];
      const name = line.split('\n')[0] ?? '';
      if (free && inChat.includes(name)) expect(inChat).toContain(`${free} free`);
    }
    await page.screenshot({ path: join(artifactsDir(), 'console-5-licences.png') });
  });

  it('moves the sandbox clock from the clock panel, and the bot follows it', async () => {
    const before = await (await fetch(`${bot.sandbox?.url}/__sandbox/clock`)).json() as { now: string };
    const botBefore = bot.clock.now().getTime();
    await page.locator('[data-testid="clock"] button[data-advance="P1D"]').click();
    await expect
      .poll(async () => Date.parse(((await (await fetch(`${bot.sandbox?.url}/__sandbox/clock`)).json()) as { now: string }).now) - Date.parse(before.now), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(86_400_000);
    // The bot's own clock (expiry, renewal windows) has moved too before the next request is made.
    await expect.poll(() => bot.clock.now().getTime() - botBefore, { timeout: 10_000 }).toBeGreaterThanOrEqual(86_400_000);
  });

  it('runs a seat reduction scheduled for the renewal window when the clock panel moves time there', async () => {
    const pax8 = bot.pax8.get();
    const harbor = (await collect(pax8.companies.list())).find((c) => c.name === company);
    const now = Date.parse((await sandboxNow()));
    const subscriptions = await collect(pax8.subscriptions.list({ companyId: harbor?.id ?? '' }));
    const [subscription] = subscriptions
      .filter((s) => s.status === 'Active' && (s.quantity ?? 0) >= 3 && Date.parse(s.commitment?.endDate ?? '') > now + 86_400_000)
      .sort((a, b) => Date.parse(a.commitment?.endDate ?? '') - Date.parse(b.commitment?.endDate ?? ''));
    if (!subscription?.commitment?.endDate) throw new Error(`no committed subscription of ${company} in the sandbox`);
    const renewal = Date.parse(subscription.commitment.endDate);

    const card = await scheduleDecrease(subscription.id);

    // Into the renewal window (it opens shortly after the renewal and closes 7 days later) without
    // jumping over it: a day's step can land between the renewal and the window's opening.
    const into = renewal + 2 * 3_600_000;
    for (let left = into - Date.parse(await sandboxNow()); left > 0; left = into - Date.parse(await sandboxNow())) {
      const step = left > 30 * 86_400_000 ? 'P30D' : left > 8 * 86_400_000 ? 'P8D' : 'P1D';
      const before = await sandboxNow();
      await page.locator(`[data-testid="clock"] button[data-advance="${step}"]`).click();
      await expect.poll(sandboxNow).not.toBe(before);
    }
    await shows(card, 'Done in Pax8', 45_000);
    expect((await pax8.subscriptions.get(subscription.id)).quantity).toBe((subscription.quantity ?? 0) - 1);
    await shows(page.locator('[data-testid="pax8-calls"]'), `PUT /v1/subscriptions/${subscription.id} 200`, 10_000);
    await page.screenshot({ path: join(artifactsDir(), 'console-4-renewal.png') });
  }, 90_000);

  it('withdraws a scheduled seat reduction from the card in Teams; it never runs', async () => {
    const pax8 = bot.pax8.get();
    const harbor = (await collect(pax8.companies.list())).find((c) => c.name === company);
    const now = Date.parse(await sandboxNow());
    const [subscription] = (await collect(pax8.subscriptions.list({ companyId: harbor?.id ?? '' })))
      .filter((s) => s.status === 'Active' && (s.quantity ?? 0) >= 3 && Date.parse(s.commitment?.endDate ?? '') > now + 20 * 86_400_000 && Date.parse(s.startDate ?? '') < now - 8 * 86_400_000);
    if (!subscription) throw new Error(`no committed subscription of ${company} mid-term in the sandbox`);

    const slackCard = await scheduleDecrease(subscription.id);

    await page.selectOption('[data-testid="person"]', 'ann');
    await open('teams', '19:console-approvals@thread.tacv2');
    const teamsCard = pane('teams').locator('.msg.from-bot').filter({ hasText: 'Approved, scheduled' }).last();
    const withdraw = teamsCard.getByRole('button', { name: 'Withdraw' });
    await withdraw.waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(artifactsDir(), 'console-5-scheduled.png') });
    await withdraw.click();
    await shows(slackCard, 'withdrawn by Ann Approver', 20_000);
    expect(await slackCard.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);
    await shows(page.locator('[data-testid="audit"]'), 'cancelled', 10_000);
    await page.screenshot({ path: join(artifactsDir(), 'console-6-withdrawn.png') });
    const writes = (await (await fetch(`${bot.sandbox?.url}/__sandbox/writes`)).json()) as { writes: SandboxWrite[] };
    expect(writes.writes.filter((w) => w.path.includes(subscription.id))).toEqual([]);
  }, 90_000);

  /** Tim asks for one seat less at renewal in Slack and Bob approves it there; the Slack card, scheduled. */
  async function scheduleDecrease(subscriptionId: string): Promise<Locator> {
    await page.selectOption('[data-testid="person"]', 'tech');
    await open('slack', 'C0GENERAL');
    await pane('slack').locator('[data-testid="slack-command"]').fill(`seats ${subscriptionId} -1`);
    await pane('slack').locator('[data-testid="slack-command"]').press('Enter');
    await page.selectOption('[data-testid="person"]', 'bob');
    await open('slack', 'C0APPROVALS');
    // The newest card about a change at renewal is this one (an earlier one has run already).
    const card = pane('slack').locator('.msg.from-bot').filter({ hasText: 'at renewal' }).last();
    await card.getByRole('button', { name: 'Approve' }).click();
    await shows(card, 'scheduled', 20_000);
    return card;
  }

  async function sandboxNow(): Promise<string> {
    const { now } = (await (await fetch(`${bot.sandbox?.url}/__sandbox/clock`)).json()) as { now: string };
    return now;
  }
});
