import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
