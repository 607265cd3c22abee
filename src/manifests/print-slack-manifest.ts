import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { InvalidInputError } from '../errors.ts';
import { buildSlackManifest } from './build-slack-manifest.ts';

/** `npx pax8-chatops slack-manifest --url https://bot.example.com [--socket-mode] [--json]`. */
export function printSlackManifest(argv: readonly string[]): string {
  let values: { url?: string | undefined; 'socket-mode'?: boolean | undefined; json?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { url: { type: 'string' }, 'socket-mode': { type: 'boolean' }, json: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new InvalidInputError(`${(error as Error).message}\nUsage: npx pax8-chatops slack-manifest --url https://bot.example.com [--socket-mode] [--json]`);
  }
  const manifest = buildSlackManifest({ ...(values.url === undefined ? {} : { url: values.url }), socketMode: values['socket-mode'] === true });
  return values.json ? `${JSON.stringify(manifest, null, 2)}\n` : stringify(manifest);
}
