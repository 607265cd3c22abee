/**
 * The console issue's acceptance walk, in a real browser, asserting at each step what a person
 * sees: a purchase that needs order details (a wrong date refused next to the field), an ambiguous
 * seat change settled by choice buttons, denials with and without a reason on both panes, a request
 * that needs two approvers, the Pax8 writes panel (named writes, a resend after 401 shown as one
 * write, a count that stays put while nothing happens), the jump to the next scheduled change, and
 * cards that fit their pane.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSlackApprovalsChannel as slackApprovals, consoleTeamsApprovalsConversation as teamsApprovals } from '../../src/console/demo-people.ts';
import { collect } from '../../src/pax8/index.ts';
import type { RunningBot } from '../../src/start-bot.ts';
import { artifactsDir, chromiumAvailable, type ConsoleInBrowser, openConsoleInBrowser, overflowIn, shows } from '../helpers/console-browser.ts';

const company = 'Harbor Dental PC';
const slackGeneral = 'C0GENERAL';
const teamsGeneral = '19:console-general@thread.tacv2';

interface SandboxWrite {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number | null;
}

describe.skipIf(!chromiumAvailable('console walkthrough e2e'))('the console walkthrough in Chromium', () => {
  let bot: RunningBot;
  let page: Page;

  let opened: ConsoleInBrowser | undefined;

  beforeAll(async () => {
    opened = await openConsoleInBrowser('console-walk-');
    ({ bot, page } = opened);
  }, 90_000);

  afterAll(async () => {
    await opened?.close();
  });

  const pane = (name: 'slack' | 'teams') => page.locator(`[data-pane="${name}"]`);
  const modal = () => page.locator('[data-testid="slack-modal"]');
  const writesPanel = () => page.locator('[data-testid="pax8-calls"]');
  /** The newest message the bot posted in the pane's open conversation that mentions `text`. */
  const newest = (name: 'slack' | 'teams', text: string) => pane(name).locator('.msg.from-bot').filter({ hasText: text }).last();
  const actAs = (person: 'tech' | 'ann' | 'bob' | 'admin') => page.selectOption('[data-testid="person"]', person);
  const open = (name: 'slack' | 'teams', conversation: string) => pane(name).locator(`[data-conversation="${conversation}"]`).click();

  async function say(name: 'slack' | 'teams', conversation: string, text: string): Promise<void> {
    await open(name, conversation);
    const box = pane(name).locator(`[data-testid="${name}-command"]`);
    await box.fill(text);
    await box.press('Enter');
  }

  async function sandboxWrites(): Promise<SandboxWrite[]> {
    const { writes } = (await (await fetch(`${bot.sandbox?.url}/__sandbox/writes`)).json()) as { writes: SandboxWrite[] };
    return writes;
  }
  const orders = async () => (await sandboxWrites()).filter((w) => w.method === 'POST' && w.path === '/v1/orders' && w.query['isMock'] !== 'true');

  /** A write line of the panel, found by what it says (company, product, seats). */
  const writeLine = (text: string) => writesPanel().locator('li.write:not([data-dry-run])').filter({ hasText: text });

  // First, while nothing is pending: after an order the bot reads Pax8 for a while to follow its
  // provisioning, which is something happening.
  it('the writes panel count stays put while nothing happens', async () => {
    const requests = async () => ((await (await fetch(`${bot.url}/console/api/pax8-calls`)).json()) as { stats: { requests: number } }).stats.requests;
    const before = await requests();
    // Two refreshes of the panel (it polls), while the bot's clock reads the sandbox's every second.
    for (let i = 0; i < 2; i++) await page.waitForResponse((r) => r.url().endsWith('/console/api/pax8-calls'), { timeout: 15_000 });
    expect(await requests()).toBe(before);
    await shows(writesPanel().locator('.summary'), `${before} Pax8 API requests in all`);
  }, 60_000);

  it('a. buys a product that needs order details: a wrong date is refused next to its field, then approved by another person', async () => {
    await actAs('tech');
    await say('slack', slackGeneral, `buy "${company}" "Microsoft 365 Business Basic" 1 monthly`);
    const form = newest('slack', 'Details needed to order Microsoft 365 Business Basic');
    await form.getByRole('button', { name: 'Continue' }).click();
    await modal().waitFor();
    const field = (label: RegExp) => modal().locator('.sk-input-block').filter({ hasText: label });
    await field(/existing Microsoft account/).locator('select').selectOption({ label: 'No, the customer does not have a Microsoft account' });
    await field(/Domain Prefix/).locator('input').fill('harbordental');
    await field(/First Name/).locator('input').fill('Hana');
    await field(/Last Name/).locator('input').fill('Harbor');
    await field(/Email Address/).locator('input').fill('hana@harbor.example');
    // 30 February, typed into the date field as a person would.
    const date = field(/Date of Acceptance/);
    await date.locator('input').click();
    await page.keyboard.type('02302026');
    await modal().locator('button[type="submit"]').click();

    await shows(date.locator('.sk-input-error'), 'Date of Acceptance is needed to order');
    expect(await modal().isVisible()).toBe(true);
    expect(await field(/First Name/).locator('input').inputValue()).toBe('Hana');
    await page.screenshot({ path: join(artifactsDir(), 'walk-a1-wrong-date.png') });

    await date.locator('input').fill('2026-11-02');
    await modal().locator('button[type="submit"]').click();
    await modal().waitFor({ state: 'detached' });

    await open('slack', slackApprovals);
    const slackCard = newest('slack', 'Microsoft 365 Business Basic');
    await shows(slackCard, 'Waiting for approval');
    await shows(slackCard, 'hana@harbor.example');
    await open('teams', teamsApprovals);
    const teamsCard = newest('teams', 'Microsoft 365 Business Basic');
    await shows(teamsCard, 'Waiting for approval');
    // Tim asked: he has no Approve button; Ann has.
    expect(await teamsCard.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await actAs('ann');
    await teamsCard.getByRole('button', { name: 'Approve' }).click();

    await shows(teamsCard, 'Done in Pax8', 30_000);
    await shows(slackCard, 'Done in Pax8', 30_000);
    expect(await orders()).toHaveLength(1);
    const line = writeLine('Microsoft 365 Business Basic');
    await shows(line.locator('.write-head'), 'Order done');
    await shows(line.locator('.write-subject'), `${company} · Microsoft 365 Business Basic · 1 seat`);
    expect(await line.count()).toBe(1);
    await shows(writesPanel().locator('.summary'), '1 write (and 1 dry run)');
    await page.screenshot({ path: join(artifactsDir(), 'walk-a2-ordered.png') });
  }, 120_000);

  it('b. asks which subscription an ambiguous seat change means, with choices that say which is which', async () => {
    await actAs('tech');
    await say('teams', teamsGeneral, `seats "${company}" "Acronis Cyber Protect Cloud - Per Workload" +1`);
    const question = newest('teams', 'Which subscription did you mean?');
    await shows(question, 'matches several subscriptions');
    const choices = question.getByRole('button', { name: /Acronis Cyber Protect Cloud - Per Workload · \d+ seats? · .* · id [0-9a-f]{8}/ });
    expect(await choices.count()).toBe(2);
    const labels = await choices.allTextContents();
    expect(new Set(labels).size).toBe(2);
    const smaller = question.getByRole('button', { name: /· 3 seats ·/ });
    await page.screenshot({ path: join(artifactsDir(), 'walk-b1-choices.png') });
    await smaller.click();

    await shows(newest('teams', 'Acronis Cyber Protect Cloud - Per Workload'), '3 → 4');
    await open('teams', teamsApprovals);
    await shows(newest('teams', 'Acronis Cyber Protect Cloud - Per Workload'), 'Waiting for approval');
    await open('slack', slackApprovals);
    await shows(newest('slack', 'Acronis Cyber Protect Cloud - Per Workload'), '3 → 4');
  }, 90_000);

  it('c. refuses a denial without a reason and takes one with a reason, in Teams', async () => {
    await actAs('ann');
    await open('teams', teamsApprovals);
    const card = newest('teams', 'Acronis Cyber Protect Cloud - Per Workload');
    await card.getByRole('button', { name: 'Deny' }).click();
    await shows(card, 'Type a reason before you deny');
    await shows(card, 'Waiting for approval');
    await shows(newest('slack', 'Acronis Cyber Protect Cloud - Per Workload'), 'Waiting for approval');
    await page.screenshot({ path: join(artifactsDir(), 'walk-c1-teams-no-reason.png') });

    await card.locator('textarea').fill('Harbor is moving off Acronis next month');
    await card.getByRole('button', { name: 'Deny' }).click();
    await shows(card, 'Denied', 30_000);
    await shows(card, 'Harbor is moving off Acronis next month', 30_000);
    await shows(newest('slack', 'Acronis Cyber Protect Cloud - Per Workload'), 'Harbor is moving off Acronis next month', 30_000);
    expect(await card.getByRole('button', { name: 'Deny' }).count()).toBe(0);
  }, 90_000);

  it('c. refuses a denial without a reason and takes one with a reason, in Slack', async () => {
    await actAs('tech');
    await say('slack', slackGeneral, `buy "${company}" "Dropsuite Microsoft 365 Backup" 2 monthly`);
    await actAs('bob');
    await open('slack', slackApprovals);
    const card = newest('slack', 'Dropsuite Microsoft 365 Backup');
    await shows(card, 'Waiting for approval');
    await card.getByRole('button', { name: 'Deny' }).click();
    await modal().waitFor();
    await modal().locator('button[type="submit"]').click();
    const reason = modal().locator('.sk-input-block').filter({ has: page.locator('textarea') });
    await shows(reason.locator('.sk-input-error'), 'Say why');
    expect(await modal().isVisible()).toBe(true);
    await shows(card, 'Waiting for approval');
    await page.screenshot({ path: join(artifactsDir(), 'walk-c2-slack-no-reason.png') });

    await reason.locator('textarea').fill('Harbor already backs up with Datto');
    await modal().locator('button[type="submit"]').click();
    await modal().waitFor({ state: 'detached' });
    await shows(card, 'Denied', 30_000);
    await shows(card, 'Harbor already backs up with Datto', 30_000);
    await shows(newest('teams', 'Dropsuite Microsoft 365 Backup'), 'Harbor already backs up with Datto', 30_000);
    expect(await orders()).toHaveLength(1);
  }, 90_000);

  it('d. says from the start that a large request needs two approvers, who approved first, and runs it after a second, different one', async () => {
    await actAs('tech');
    await say('slack', slackGeneral, `buy "${company}" "Adobe Acrobat Pro for teams" 60 monthly adminEmail=it@harbor.example`);
    await open('teams', teamsApprovals);
    await actAs('ann');
    const teamsCard = newest('teams', 'Adobe Acrobat Pro for teams');
    await shows(teamsCard, 'none yet (2 different approvers needed)');
    await teamsCard.getByRole('button', { name: 'Approve' }).click();

    await shows(teamsCard, 'Ann Approver (1 of 2; one more approver needed)', 30_000);
    await shows(teamsCard, 'Waiting for approval');
    await open('slack', slackApprovals);
    const slackCard = newest('slack', 'Adobe Acrobat Pro for teams');
    await shows(slackCard, 'Ann Approver (1 of 2; one more approver needed)', 30_000);
    expect(await orders()).toHaveLength(1);

    // A second vote by the same person is refused, and she is told so in the pane (the bot answers
    // her click with that line in place of her card, until the card changes).
    await teamsCard.getByRole('button', { name: 'Approve' }).click();
    await shows(newest('teams', 'You have already voted on this request'), 'a second approval must come from someone else');
    expect(await orders()).toHaveLength(1);
    await page.screenshot({ path: join(artifactsDir(), 'walk-d1-one-of-two.png') });

    await actAs('bob');
    await slackCard.getByRole('button', { name: 'Approve' }).click();
    await shows(slackCard, 'Done in Pax8', 30_000);
    await shows(teamsCard, 'Done in Pax8', 30_000);
    expect(await orders()).toHaveLength(2);
    await shows(writeLine('Adobe Acrobat Pro for teams').locator('.write-subject'), `${company} · Adobe Acrobat Pro for teams · 60 seats`);
  }, 120_000);

  it('fits the widest Slack and Teams cards into their panes, wide and narrow', async () => {
    await actAs('admin');
    await say('slack', slackGeneral, `subs "${company}"`);
    await shows(newest('slack', `Subscriptions of ${company}`), 'Next');
    await say('slack', slackGeneral, 'help');
    await shows(newest('slack', 'What I can do'), 'Page 1 of');
    await say('teams', teamsGeneral, `subs "${company}"`);
    await shows(newest('teams', `Subscriptions of ${company}`), 'Next');
    for (const width of [1600, 1180]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, conversation] of [['slack', slackGeneral], ['slack', slackApprovals], ['teams', teamsGeneral], ['teams', teamsApprovals]] as const) {
        await open(name, conversation);
        expect({ width, conversation, overflow: await overflowIn(pane(name).locator(`[data-testid="${name}-messages"]`)) }).toEqual({ width, conversation, overflow: [] });
      }
      await page.screenshot({ path: join(artifactsDir(), `walk-fit-${width}.png`) });
    }
    await page.setViewportSize({ width: 1600, height: 1000 });
  }, 90_000);

  it('jumps the sandbox clock to the next scheduled change, which then runs; the button says when there is none', async () => {
    const jump = page.locator('[data-testid="next-scheduled"]');
    await expect.poll(() => jump.getAttribute('title')).toContain('Nothing is scheduled');
    expect(await jump.isDisabled()).toBe(true);

    const pax8 = bot.pax8.get();
    const harbor = (await collect(pax8.companies.list())).find((c) => c.name === company);
    const now = Date.parse(((await (await fetch(`${bot.sandbox?.url}/__sandbox/clock`)).json()) as { now: string }).now);
    const [subscription] = (await collect(pax8.subscriptions.list({ companyId: harbor?.id ?? '' })))
      .filter((s) => s.status === 'Active' && (s.quantity ?? 0) >= 3 && Date.parse(s.commitment?.endDate ?? '') > now + 86_400_000)
      .sort((a, b) => Date.parse(a.commitment?.endDate ?? '') - Date.parse(b.commitment?.endDate ?? ''));
    if (!subscription) throw new Error(`no committed subscription of ${company} in the sandbox`);

    await actAs('tech');
    await say('slack', slackGeneral, `seats ${subscription.id} -1`);
    await actAs('bob');
    await open('slack', slackApprovals);
    const card = newest('slack', 'at renewal');
    await card.getByRole('button', { name: 'Approve' }).click();
    await shows(card, 'scheduled', 30_000);
    await expect.poll(() => jump.isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await jump.getAttribute('title')).toMatch(/^Moves the sandbox clock to .+ \(in \d+ days?\), when “.*at renewal.*” runs\.$/);
    await page.screenshot({ path: join(artifactsDir(), 'walk-jump-1-scheduled.png') });

    await jump.click();
    await shows(card, 'Done in Pax8', 45_000);
    expect((await pax8.subscriptions.get(subscription.id)).quantity).toBe((subscription.quantity ?? 0) - 1);
    const line = writeLine(`to ${(subscription.quantity ?? 0) - 1} seats`);
    await shows(line.locator('.write-head'), 'Seat change done');
    await shows(line.locator('.write-subject'), company);
    await expect.poll(() => jump.getAttribute('title'), { timeout: 15_000 }).toContain('Nothing is scheduled');
    await page.screenshot({ path: join(artifactsDir(), 'walk-jump-2-ran.png') });
  }, 120_000);

  it('shows a write refused with 401 and sent again with a new token as one write, and says why', async () => {
    const pax8 = bot.pax8.get();
    const harbor = (await collect(pax8.companies.list())).find((c) => c.name === company);
    const [subscription] = (await collect(pax8.subscriptions.list({ companyId: harbor?.id ?? '' }))).filter((s) => s.status === 'Active' && (s.quantity ?? 0) >= 2 && !s.commitment);
    if (!subscription) throw new Error(`no month-to-month subscription of ${company} in the sandbox`);
    // The sandbox's Pax8 events for the renewals this clock move passes would make the bot read Pax8
    // (and so renew its token) before the write: this test wants the write to meet the expired token.
    expect((await fetch(`${bot.sandbox?.url}/__sandbox/webhooks`, { method: 'DELETE' })).status).toBe(200);
    // The bot's access token lives 24 hours of sandbox time: a day and four hours on, the sandbox refuses it.
    for (const step of ['P1D', 'PT4H']) {
      const before = await page.locator('[data-testid="clock"] time').textContent();
      await page.locator(`[data-testid="clock"] button[data-advance="${step}"]`).click();
      await expect.poll(() => page.locator('[data-testid="clock"] time').textContent()).not.toBe(before);
    }
    await pax8.subscriptions.updateQuantity(subscription.id, (subscription.quantity ?? 0) + 1);

    const attempts = (await sandboxWrites()).filter((w) => w.path === `/v1/subscriptions/${subscription.id}`);
    expect(attempts.map((w) => w.status)).toEqual([401, 200]);
    const line = writeLine(`to ${(subscription.quantity ?? 0) + 1} seats`);
    await shows(line, 'Sent twice, written once');
    await shows(line, 'expired on the sandbox clock');
    expect(await line.count()).toBe(1);
    await page.locator('[data-testid="resent-after-401"]').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifactsDir(), 'walk-401.png') });
  }, 60_000);
});

