/** Every sample in `cards/samples/`, with the card it belongs to (`<name>.json` or `<name>.<variant>.json`). */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CardName, cardNames } from '../../src/cards/card-registry.ts';

export const samplesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cards', 'samples');

export interface Sample {
  name: CardName;
  variant: string;
  file: string;
  data: unknown;
}

function isCardName(name: string): name is CardName {
  return (cardNames as readonly string[]).includes(name);
}

export function loadSamples(): Sample[] {
  return readdirSync(samplesDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const [name = '', ...rest] = file.replace(/\.json$/, '').split('.');
      if (!isCardName(name)) throw new Error(`sample ${file} names no card`);
      const data: unknown = JSON.parse(readFileSync(join(samplesDir, file), 'utf8'));
      return { name, variant: rest.join('.') || 'default', file, data };
    });
}
