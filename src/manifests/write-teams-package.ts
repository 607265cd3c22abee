import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidInputError } from '../errors.ts';
import { buildTeamsPackage } from './build-teams-package.ts';

const usage = 'Usage: npx pax8-chatops teams-package [--out pax8-chatops-teams.zip] [--app-id GUID] [--version X.Y.Z]';

/**
 * `npx pax8-chatops teams-package`: writes the Teams app package. The bot id comes from
 * `MicrosoftAppId` (or `--app-id`), the version from package.json (or `--version`), the domain from
 * `PUBLIC_URL`. Returns the message to print.
 */
export function writeTeamsPackage(argv: readonly string[], env: { appId: string | undefined; publicUrl: string | undefined }): string {
  let values: { out?: string | undefined; 'app-id'?: string | undefined; version?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' }, 'app-id': { type: 'string' }, version: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new InvalidInputError(`${(error as Error).message}\n${usage}`);
  }
  const version = values.version ?? packageVersion();
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new InvalidInputError(`--version must look like 1.2.3; got "${version}"`);
  const zip = buildTeamsPackage({ botId: values['app-id'] ?? env.appId, version, publicUrl: env.publicUrl });
  const out = resolve(values.out ?? 'pax8-chatops-teams.zip');
  writeFileSync(out, zip);
  return `Wrote ${out} (version ${version}). Upload it in Teams: Apps → Manage your apps → Upload an app.\n`;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
