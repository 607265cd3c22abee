/**
 * Billing reconciliation and unused licences from the console with nothing configured (issue #17),
 * in a real browser against the built-in sandbox: `reconcile` with no month finds exactly the
 * discrepancies the seed planted in the last invoiced month, its CSV downloads and parses back to
 * the same findings, and `unused` turns a surplus into a seats request that reaches Pax8 once.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUnused } from '../../src/console/demo-examples.ts';
import { consoleTeamsApprovalsConversation as teamsApprovals } from '../../src/console/demo-people.ts';
import { collect } from '../../src/pax8/index.ts';
import type { RunningBot } from '../../src/start-bot.ts';
import { artifactsDir, chromiumAvailable, type ConsoleInBrowser, openConsoleInBrowser, shows } from '../helpers/console-browser.ts';
import { consoleDriver } from '../helpers/console-driver.ts';
import { parseCsv } from '../helpers/parse-csv.ts';
import type { Planted } from '../helpers/billing-reference.ts';

const teamsGeneral = '19:console-general@thread.tacv2';
const slackGeneral = 'C0GENERAL';

/** The planted kind as the reconciliation names its finding. */
const findingOf: Record<string, string[]> = { quantity: ['more-seats', 'fewer-seats'], price: ['unit-cost'], dropped: ['not-billed'], added: ['not-active'] };

describe.skipIf(!chromiumAvailable('console reconcile e2e'))('reconcile and unused in the console', () => {
  let bot: RunningBot;
  let page: Page;
  let opened: ConsoleInBrowser | undefined;
  let c: ReturnType<typeof consoleDriver>;

  beforeAll(async () => {
    opened = await openConsoleInBrowser('console-reconcile-');
    ({ bot, page } = opened);
    c = consoleDriver(page, bot);
  }, 90_000);

  afterAll(async () => {
    await opened?.close();
  });

  it('reconcile with no month shows exactly the findings planted in the last invoiced month, and its CSV downloads', async () => {
    const { discrepancies } = (await (await fetch(`${bot.sandbox?.url}/__sandbox/billing/discrepancies`)).json()) as { discrepancies: Planted[] };
    const month = discrepancies.map((d) => d.month).sort().at(-1) ?? '';
    const planted = discrepancies.filter((d) => d.month === month);
    expect(planted.length).toBeGreaterThan(0);
    const names = new Map((await collect(bot.pax8.get().companies.list())).map((x) => [x.id, x.name]));

    await c.actAs('ann');
    await c.say('teams', teamsGeneral, 'reconcile csv');
    const card = c.newest('teams', `Reconciliation ${month}`);
    const download = card.getByRole('link', { name: `Download reconcile-${month}.csv` });
    await download.waitFor({ timeout: 90_000 });
    await shows(card, `${new Set(planted.map((d) => d.companyId)).size} with findings`);
    for (const d of planted) await shows(card, names.get(d.companyId) ?? d.companyId);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifactsDir(), 'reconcile-1-summary.png') });

    // The download button opens the bot's signed link; the file is fetched from the URL the browser asked for.
    const [asked] = await Promise.all([page.context().waitForEvent('request', { predicate: (r) => r.url().includes('/files/'), timeout: 15_000 }), download.click()]);
    const href = asked.url();
    expect(new URL(href).origin).toBe(new URL(bot.url).origin);
    const response = await fetch(href);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const [header = [], ...rows] = parseCsv(await response.text());
    const col = (name: string) => {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`the CSV has no column ${name}: ${header.join(',')}`);
      return i;
    };
    const findings = rows.filter((r) => r[col('status')] === 'finding');
    expect(findings).toHaveLength(planted.length);
    for (const d of planted) {
      const row = findings.find((r) => r[col('invoice_id')] === d.invoiceId && (d.subscriptionId === null ? r[col('product_id')] === d.productId : r[col('subscription_id')] === d.subscriptionId));
      expect(row, `${d.kind} in ${d.invoiceId}`).toBeDefined();
      expect(findingOf[d.kind]).toContain(row?.[col('finding')]);
    }
    expect(new Set(rows.map((r) => r[col('month')]))).toEqual(new Set([month]));
  }, 150_000);

  it('unused: Reduce to N opens a seats request that, once approved, reaches Pax8 once', async () => {
    const pax8Before = (await c.pax8Writes()).length;
    await c.actAs('tech');
    await c.say('slack', slackGeneral, `unused "${demoUnused.company}"`);
    const list = c.newest('slack', demoUnused.product);
    await shows(list, 'Reduce to', 60_000);
    await page.screenshot({ path: join(artifactsDir(), 'unused-1-list.png') });
    // A finding is a section with its buttons in the actions block under it.
    const finding = list.locator('.sk-section').filter({ hasText: demoUnused.product });
    await shows(finding, 'unused');
    const reduce = finding.locator('xpath=following-sibling::div[contains(@class, "sk-actions")][1]').getByRole('button', { name: /^Reduce to \d+$/ });
    const to = Number(/\d+/.exec((await reduce.textContent()) ?? '')?.[0]);
    await reduce.click();

    await c.open('teams', teamsApprovals);
    const card = c.newest('teams', demoUnused.product);
    await shows(card, 'Waiting for approval', 30_000);
    await shows(card, `→ ${to}`);
    await c.actAs('ann');
    await card.getByRole('button', { name: 'Approve' }).click();
    await shows(card, 'Done in Pax8', 45_000);

    const writes = (await c.pax8Writes()).slice(pax8Before);
    expect(writes.map((w) => `${w.method} ${w.path.replace(/[0-9a-f-]{36}$/, '{id}')} ${w.status}`)).toEqual(['PUT /v1/subscriptions/{id} 200']);
    expect(writes[0]?.body).toEqual({ quantity: to });
    const sub = await bot.pax8.get().subscriptions.get(writes[0]?.path.split('/').at(-1) ?? '');
    expect(sub).toMatchObject({ productName: demoUnused.product, quantity: to });
    await page.screenshot({ path: join(artifactsDir(), 'unused-2-reduced.png') });
  }, 150_000);
});
