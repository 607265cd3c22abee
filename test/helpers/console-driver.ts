import type { Locator, Page } from 'playwright-core';
import type { RunningBot } from '../../src/start-bot.ts';

export type ConsolePane = 'slack' | 'teams';
export type ConsolePersonKey = 'tech' | 'ann' | 'bob' | 'admin';

/** One entry of the sandbox's Pax8 writes log (`GET /__sandbox/writes`). */
export interface SandboxPax8Write {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number | null;
}

/** One entry of the sandbox's Graph writes log (`GET /__sandbox/microsoft/writes`). */
export interface SandboxGraphWrite {
  method: string;
  path: string;
  status: number;
  tenantId: string | null;
  body: unknown;
}

/** A seeded tenant as `GET /__sandbox/microsoft/tenants` lists it. */
export interface SandboxTenant {
  tenantId: string;
  companyId: string;
  defaultDomain: string;
  consented: boolean;
}

/**
 * What a person does on the console page (who they are, which conversation they open, what they
 * type) and what a test reads back from the sandbox's admin endpoints, for the browser walks.
 */
export function consoleDriver(page: Page, bot: RunningBot) {
  const sandboxUrl = bot.sandbox?.url ?? '';
  const pane = (name: ConsolePane) => page.locator(`[data-pane="${name}"]`);
  const getJson = async <T>(path: string): Promise<T> => (await (await fetch(`${sandboxUrl}${path}`)).json()) as T;
  const driver = {
    pane,
    modal: () => page.locator('[data-testid="slack-modal"]'),
    writesPanel: () => page.locator('[data-testid="pax8-calls"]'),
    /** The newest message the bot posted in the pane's open conversation that mentions `text`. */
    newest: (name: ConsolePane, text: string | RegExp): Locator => pane(name).locator('.msg.from-bot').filter({ hasText: text }).last(),
    actAs: (person: ConsolePersonKey) => page.selectOption('[data-testid="person"]', person),
    open: (name: ConsolePane, conversation: string) => pane(name).locator(`[data-conversation="${conversation}"]`).click(),
    async say(name: ConsolePane, conversation: string, text: string): Promise<void> {
      await driver.open(name, conversation);
      const box = pane(name).locator(`[data-testid="${name}-command"]`);
      await box.fill(text);
      await box.press('Enter');
    },
    /** Moves the sandbox clock with a button of the clock panel and waits until the panel shows the new time. */
    async advanceClock(step: 'PT4H' | 'P1D' | 'P8D' | 'P30D'): Promise<void> {
      const shown = page.locator('[data-testid="clock"] time');
      const before = await shown.textContent();
      await page.locator(`[data-testid="clock"] button[data-advance="${step}"]`).click();
      for (let i = 0; i < 100 && (await shown.textContent()) === before; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    },
    /** Every Pax8 write the sandbox received, dry runs (`isMock=true`) left out. */
    async pax8Writes(): Promise<SandboxPax8Write[]> {
      const { writes } = await getJson<{ writes: SandboxPax8Write[] }>('/__sandbox/writes');
      return writes.filter((w) => w.query['isMock'] !== 'true');
    },
    async graphWrites(tenantId: string): Promise<SandboxGraphWrite[]> {
      const { writes } = await getJson<{ writes: SandboxGraphWrite[] }>('/__sandbox/microsoft/writes');
      return writes.filter((w) => w.tenantId === tenantId);
    },
    async tenantOf(companyId: string): Promise<SandboxTenant> {
      const { tenants } = await getJson<{ tenants: SandboxTenant[] }>('/__sandbox/microsoft/tenants');
      const tenant = tenants.find((t) => t.companyId === companyId);
      if (!tenant) throw new Error(`the sandbox has no tenant for company ${companyId}`);
      return tenant;
    },
  };
  return driver;
}
