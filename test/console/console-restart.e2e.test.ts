/**
 * A console restarted with the same DATA_DIR, in a real browser: the panes show the conversations
 * from before the restart, the pending request's cards among them, and approving one then updates
 * it in both panes (the fakes still hold the messages the bot posted before the restart).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { demoPurchase } from '../../src/console/demo-examples.ts';
import { consoleSlackApprovalsChannel, consoleTeamsApprovalsConversation } from '../../src/console/demo-people.ts';
import { createLogger } from '../../src/log.ts';
import { type RunningBot, startBot } from '../../src/start-bot.ts';
import { artifactsDir, chromiumAvailable, launchChromium, shows } from '../helpers/console-browser.ts';

const { company, product, quantity, term } = demoPurchase;

describe.skipIf(!chromiumAvailable('console restart e2e'))('the local console after a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'console-restart-'));
  let bot: RunningBot | undefined;
  let browser: Browser;
  let page: Page;

  const start = async () => {
    const config = loadConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, () => undefined);
    bot = await startBot(config, createLogger({ level: 'warn', destination: process.stderr }));
    await page.goto(`${bot.url}/console`);
    await page.waitForSelector('body[data-ready="true"]');
    return bot;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (error) => console.error('console page error:', error.message));
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.close();
  });

  const pane = (name: 'slack' | 'teams') => page.locator(`[data-pane="${name}"]`);
  const open = (name: 'slack' | 'teams', conversation: string) => pane(name).locator(`[data-conversation="${conversation}"]`).click();
  const card = (name: 'slack' | 'teams') => pane(name).locator('.msg.from-bot').filter({ hasText: product }).last();

  it('shows the cards posted before the restart, and approving one updates them in both panes', async () => {
    await start();
    await page.selectOption('[data-testid="person"]', 'tech');
    await open('slack', 'C0GENERAL');
    await pane('slack').locator('[data-testid="slack-command"]').fill(`buy "${company}" "${product}" ${quantity} ${term}`);
    await pane('slack').locator('[data-testid="slack-command"]').press('Enter');
    await open('slack', consoleSlackApprovalsChannel);
    await shows(card('slack'), 'Waiting for approval');
    await open('teams', consoleTeamsApprovalsConversation);
    await shows(card('teams'), 'Waiting for approval');
    await bot?.close();
    bot = undefined;

    const restarted = await start();
    await page.selectOption('[data-testid="person"]', 'ann');
    await open('slack', consoleSlackApprovalsChannel);
    await shows(card('slack'), 'Waiting for approval');
    await open('teams', consoleTeamsApprovalsConversation);
    await shows(card('teams'), 'Waiting for approval');
    // What Tim typed is there too, in the channel where he typed it (visible to him).
    await page.selectOption('[data-testid="person"]', 'tech');
    await open('slack', 'C0GENERAL');
    await shows(pane('slack').locator('.msg.from-person').last(), `/pax8 buy "${company}"`);
    // `requests pending` offers the request as well.
    await page.selectOption('[data-testid="person"]', 'ann');
    await open('slack', 'C0GENERAL');
    await pane('slack').locator('[data-testid="slack-command"]').fill('requests pending');
    await pane('slack').locator('[data-testid="slack-command"]').press('Enter');
    await shows(pane('slack').locator('.msg.from-bot').filter({ hasText: 'Requests waiting for approval' }).last(), product);
    await page.screenshot({ path: join(artifactsDir(), 'console-restart-1-kept.png') });

    await open('teams', consoleTeamsApprovalsConversation);
    await card('teams').getByRole('button', { name: 'Approve' }).click();
    await shows(card('teams'), 'Done in Pax8', 30_000);
    await open('slack', consoleSlackApprovalsChannel);
    await shows(card('slack'), 'Done in Pax8', 30_000);
    // The Slack card was updated in place, not posted again: one card about the purchase.
    expect(await pane('slack').locator('.msg.from-bot').filter({ hasText: product }).count()).toBe(1);
    expect(restarted.console?.fakes.slack.callsOf('chat.update').every((c) => c.response['ok'] === true)).toBe(true);
    await page.screenshot({ path: join(artifactsDir(), 'console-restart-2-approved.png') });
  }, 180_000);
});
