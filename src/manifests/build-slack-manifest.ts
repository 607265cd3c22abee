import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InvalidInputError } from '../errors.ts';

const manifestFile = new URL('../../manifests/slack/manifest.yaml', import.meta.url);

/** The parts of the manifest this code rewrites; everything else passes through untouched. */
const editableSchema = z
  .object({
    features: z.object({ slash_commands: z.array(z.object({ url: z.string().optional() }).loose()) }).loose(),
    settings: z.object({ interactivity: z.object({ request_url: z.string().optional() }).loose(), socket_mode_enabled: z.boolean() }).loose(),
  })
  .loose();

export interface SlackManifestOptions {
  /** The bot's public base URL; Slack sends commands and clicks to `<url>/slack/events`. */
  readonly url?: string;
  /** Socket Mode: Slack reaches the bot over a WebSocket it opens, so no request URLs are needed. */
  readonly socketMode?: boolean;
}

/**
 * The Slack app manifest of `manifests/slack/manifest.yaml` with the request URLs filled in, ready to
 * paste into "Create an app → From an app manifest". Over HTTP every URL is `/slack/events` on the
 * bot's one server (Bolt takes commands, interactivity and events on one endpoint).
 */
export function buildSlackManifest(options: SlackManifestOptions): Record<string, unknown> {
  const manifest = editableSchema.parse(parseYaml(readFileSync(manifestFile, 'utf8')));
  if (options.socketMode) {
    for (const command of manifest.features.slash_commands) delete command.url;
    delete manifest.settings.interactivity.request_url;
    manifest.settings.socket_mode_enabled = true;
    return manifest;
  }
  const endpoint = `${publicBaseUrl(options.url)}/slack/events`;
  for (const command of manifest.features.slash_commands) command.url = endpoint;
  manifest.settings.interactivity.request_url = endpoint;
  return manifest;
}

function publicBaseUrl(url: string | undefined): string {
  if (!url) throw new InvalidInputError('Give the bot\'s public URL: npx pax8-chatops slack-manifest --url https://bot.example.com (or --socket-mode)');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidInputError(`"${url}" is not a URL; expected e.g. https://bot.example.com`);
  }
  if (parsed.protocol !== 'https:') throw new InvalidInputError(`Slack only sends requests to https URLs; got ${parsed.protocol}//${parsed.host}`);
  if (parsed.search || parsed.hash) throw new InvalidInputError('The public URL must not have a query string or fragment');
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
