import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { z } from 'zod';
import { InvalidInputError } from '../errors.ts';

const manifestDir = new URL('../../manifests/teams/', import.meta.url);
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const editableSchema = z
  .object({
    id: z.string(),
    version: z.string(),
    developer: z.object({ websiteUrl: z.string(), privacyUrl: z.string(), termsOfUseUrl: z.string() }).loose(),
    icons: z.object({ color: z.string(), outline: z.string() }),
    bots: z.tuple([z.object({ botId: z.string() }).loose()]),
    validDomains: z.array(z.string()),
  })
  .loose();

export interface TeamsPackageOptions {
  /** The Azure Bot registration's Microsoft App ID (`MicrosoftAppId`). */
  readonly botId: string | undefined;
  /** The app version shown in Teams; Teams wants a new version for every upload of a changed package. */
  readonly version: string;
  /** The bot's public URL (`PUBLIC_URL`): its host goes into `validDomains` and the developer links. */
  readonly publicUrl?: string | undefined;
}

/** `manifests/teams/manifest.json` with the bot id, version and domain filled in. */
export function buildTeamsManifest(options: TeamsPackageOptions): Record<string, unknown> {
  if (!options.botId) throw new InvalidInputError('Set MicrosoftAppId (the Azure Bot registration\'s app id) before building the Teams package');
  if (!guid.test(options.botId)) throw new InvalidInputError(`MicrosoftAppId must be a GUID like 00000000-0000-0000-0000-000000000000; got "${options.botId}"`);
  const manifest = editableSchema.parse(JSON.parse(readFileSync(new URL('manifest.json', manifestDir), 'utf8')));
  manifest.id = options.botId;
  manifest.bots[0].botId = options.botId;
  manifest.version = options.version;
  if (options.publicUrl) {
    const url = new URL(options.publicUrl);
    manifest.validDomains = [url.host];
    manifest.developer.websiteUrl = url.origin;
    manifest.developer.privacyUrl = url.origin;
    manifest.developer.termsOfUseUrl = url.origin;
  }
  return manifest;
}

/**
 * The Teams app package: a zip with `manifest.json` and the two icons at its root, nothing else —
 * what Teams Admin Center and "Upload a custom app" accept.
 */
export function buildTeamsPackage(options: TeamsPackageOptions): Uint8Array {
  const manifest = buildTeamsManifest(options);
  const icons = editableSchema.shape.icons.parse(manifest.icons);
  return zipSync({
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    [icons.color]: readFileSync(new URL(icons.color, manifestDir)),
    [icons.outline]: readFileSync(new URL(icons.outline, manifestDir)),
  });
}
