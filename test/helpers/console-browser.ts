import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { type RunningBot, startBot } from '../../src/start-bot.ts';

/** Debian's Chromium (`apt-get install chromium`, as `.ci/run` does); Playwright's own download cannot work on CI hosts. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a headless Chromium as root on a machine with no network beyond loopback. */
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Whether the browser tests can run. Without Chromium they are skipped with a loud warning, except
 * under `CI=true`, where a missing browser is a failure (DESIGN "Testing").
 */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(chromiumPath)) return true;
  const message = `${suite}: Chromium not found at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true, so this is a failure`);
  console.warn(`SKIPPED ${message}`);
  return false;
}

/** Launches headless Chromium; Playwright gives every launch a fresh, empty profile directory. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

/** Where screenshots of a test run go (gitignored). */
export function artifactsDir(): string {
  const dir = new URL('../../test-results/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Waits until `locator` shows `text`; on a timeout the error carries everything it showed, so a
 * failure says which state the card was in, not only that it was not the expected one.
 */
export async function shows(locator: Locator, text: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let seen: string | null = null;
  while (Date.now() < until) {
    seen = await locator.textContent({ timeout: Math.max(1, until - Date.now()) }).catch(() => null);
    if (seen?.includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected "${text}" within ${timeoutMs} ms; it showed: ${seen ?? '(nothing)'}`);
}

/**
 * What sticks out of a pane's message list on the right (a person would have to scroll sideways, or
 * could not read it at all): one line per element whose box ends past the list's, and the list
 * itself when it is wider than it shows. Empty when everything fits.
 */
export async function overflowIn(list: Locator): Promise<string[]> {
  return list.evaluate((root) => {
    const box = root.getBoundingClientRect();
    const found: string[] = [];
    if (root.scrollWidth > root.clientWidth + 1) found.push(`the list scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
    for (const el of Array.from(root.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > box.right + 1) found.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').slice(0, 50)}" by ${Math.round(r.right - box.right)} px`);
    }
    return found;
  });
}

/** The whole bot in console mode (nothing configured: the sandbox plays Pax8 and Microsoft) with its page open in Chromium. */
export interface ConsoleInBrowser {
  readonly bot: RunningBot;
  readonly browser: Browser;
  readonly page: Page;
  close(): Promise<void>;
}

/** Starts the bot as `npm start` does with nothing configured, on a fresh data directory, and opens the console at 1600×1000. */
export async function openConsoleInBrowser(dirPrefix: string): Promise<ConsoleInBrowser> {
  const config = loadConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), dirPrefix)), LOG_LEVEL: 'warn' }, () => undefined);
  const bot = await startBot(config, createLogger({ level: 'warn', destination: process.stderr }));
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('pageerror', (error) => console.error('console page error:', error.message));
  await page.goto(`${bot.url}/console`);
  await page.waitForSelector('body[data-ready="true"]');
  return {
    bot,
    browser,
    page,
    async close() {
      await browser.close();
      await bot.close();
    },
  };
}
