/**
 * What a person sees of a Slack message or modal, for tests that assert no text of ours can mention
 * anyone. The bot never writes a mention, a channel link or a special command itself, so any `<!`,
 * `<@` or `<#` in shown text came from data or from what someone typed.
 */
import type { FakeSlackCall } from '../../src/fakes/slack-web-api.ts';

/** Slack methods (and `response_url` posts) that show text to someone. */
export const showingMethods: readonly string[] = ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url', 'views.open'];

/** `<!channel>`, `<!here>`, `<!subteam^…>`, `<@U…>`, `<#C…>`: the start of anything Slack makes live. */
export const liveToken = /<[!@#]/;

/** Every text Slack shows (a `text` fallback, `plain_text` and `mrkdwn` objects, alt texts), wherever it sits. */
export function shownTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(shownTexts);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => ((key === 'text' || key === 'alt_text') && typeof item === 'string' ? [item] : shownTexts(item)));
}

/** A recorded call's arguments with `blocks` / `view` decoded (the Web API client sends them as JSON text). */
export function decodedArgs(call: FakeSlackCall): Record<string, unknown> {
  const args = { ...call.args };
  for (const key of ['blocks', 'view']) {
    const value = args[key];
    if (typeof value === 'string') args[key] = JSON.parse(value) as unknown;
  }
  delete args['target'];
  return args;
}
