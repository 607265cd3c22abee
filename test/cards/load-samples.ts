/**
 * Every view sample in `cards/samples/`, with the card it belongs to (`<name>.json` or
 * `<name>.<variant>.json`). The template data files next to them (`*.data.json`) are not views and
 * are skipped; `card-data-files.test.ts` checks those.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CardName, cardNames } from '../../src/cards/card-registry.ts';
import type { Viewer } from '../../src/cards/present/approval-card-data.ts';
import { isViewSample, samplesDir } from '../../src/cards/sample-card-data.ts';

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
    .filter(isViewSample)
    .sort()
    .map((file) => {
      const [name = '', ...rest] = file.replace(/\.json$/, '').split('.');
      if (!isCardName(name)) throw new Error(`sample ${file} names no card`);
      const data: unknown = JSON.parse(readFileSync(join(samplesDir, file), 'utf8'));
      return { name, variant: rest.join('.') || 'default', file, data };
    });
}

/** The kinds of viewer an approval card is rendered for; other cards look the same to everyone. */
export const viewers = {
  readonly: { canDecide: false, isRequester: false },
  approver: { canDecide: true, isRequester: false },
  requester: { canDecide: false, isRequester: true },
} satisfies Record<string, Viewer>;
const perViewer = new Set<CardName>(['approvalRequest', 'approvalResult']);

/** Every sample, once per viewer for approval cards (`who` names the viewer, empty otherwise). */
export function sampleCases(samples: readonly Sample[] = loadSamples()): (Sample & { who: string; viewer: Viewer })[] {
  return samples.flatMap((sample) =>
    perViewer.has(sample.name)
      ? Object.entries(viewers).map(([who, viewer]) => ({ ...sample, who, viewer }))
      : [{ ...sample, who: '', viewer: viewers.readonly }],
  );
}
