import type { BotTokenSource } from '../adapters/teams/bot-framework-token.ts';
import { redact } from '../errors.ts';

/** One thing `npx pax8-chatops check` verifies. `run` resolves with a short detail or throws. */
export interface Check {
  readonly name: string;
  run(): Promise<string>;
}

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Runs every check (one at a time, so the output reads in order) and never throws: a failing check
 * is a result with `ok: false` and a redacted message.
 */
export async function runChecks(checks: readonly Check[], timeoutMs = 15_000): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      const detail = await withTimeout(check.run(), timeoutMs, check.name);
      results.push({ name: check.name, ok: true, detail });
    } catch (error) {
      results.push({ name: check.name, ok: false, detail: redact(error instanceof Error ? error.message : String(error)) });
    }
  }
  return results;
}

export function formatCheckResults(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length), 4);
  return results.map((r) => `${r.ok ? 'ok  ' : 'FAIL'}  ${r.name.padEnd(width)}  ${r.detail}`).join('\n');
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Slack: `auth.test` with the bot token tells whether the token is valid and which workspace it is for. */
export function slackCheck(apiUrl: string, botToken: string): Check {
  return {
    name: 'Slack',
    async run() {
      const response = await fetch(new URL('auth.test', apiUrl), { method: 'POST', headers: { authorization: `Bearer ${botToken}` } });
      const body = (await response.json()) as { ok?: boolean; error?: string; team?: string; user?: string };
      if (!body.ok) throw new Error(`auth.test refused the bot token: ${body.error ?? `HTTP ${response.status}`}`);
      return `bot ${body.user ?? '?'} in workspace ${body.team ?? '?'}`;
    },
  };
}

/**
 * Slack Socket Mode: `apps.connections.open` with the app-level token tells whether the token is
 * valid, has `connections:write` and Socket Mode is on; the URL it hands out is not used (it expires
 * unused).
 *
 * @see https://api.slack.com/methods/apps.connections.open
 */
export function slackSocketModeCheck(apiUrl: string, appToken: string): Check {
  return {
    name: 'Slack Socket Mode',
    async run() {
      const response = await fetch(new URL('apps.connections.open', apiUrl), { method: 'POST', headers: { authorization: `Bearer ${appToken}` } });
      const body = (await response.json()) as { ok?: boolean; error?: string };
      if (!body.ok) throw new Error(`apps.connections.open refused the app-level token (SLACK_APP_TOKEN): ${body.error ?? `HTTP ${response.status}`}`);
      return 'the app-level token may open Socket Mode connections';
    },
  };
}

/**
 * Teams: a Bot Framework token from the login the bot uses (the app's tenant in the public cloud, or
 * `ToChannelFromBotLoginUrl`) proves that the app id, password and tenant belong together. `tokens`
 * is the bot's own token source, so the check asks exactly what the running bot would.
 */
export function teamsCheck(appId: string, tokens: BotTokenSource): Check {
  return {
    name: 'Teams',
    async run() {
      await tokens.get();
      return `app ${appId} can get a Bot Framework token from ${tokens.tokenUrl}`;
    },
  };
}
