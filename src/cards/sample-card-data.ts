/**
 * Template data for the card samples. A sample `cards/samples/<name>.json` (or
 * `<name>.<variant>.json`) is a *view*; the Adaptive Cards Designer previews a template with the
 * *data* it is expanded with, which is the view checked and presented by {@link cardData}. That data
 * is kept next to each sample as `<name>[.<variant>].data.json`, written by `npm run cards:data`
 * and checked against the samples by the tests, so the two cannot drift apart. Approval cards are
 * presented for an approver (the viewer who may decide), so the preview shows Approve and Deny.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CardName, cardNames } from './card-registry.ts';
import { cardData } from './expand-card.ts';
import type { Viewer } from './present/approval-card-data.ts';

// A path, not a URL object: under a test DOM, `URL` is not Node's and `fs` would reject it.
export const samplesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cards', 'samples');

const dataSuffix = '.data.json';

/** `true` for a template data file (`*.data.json`) in `cards/samples/`. */
export const isDataFile = (file: string): boolean => file.endsWith(dataSuffix);

/** `true` for a view sample in `cards/samples/`: a `.json` file that is not template data. */
export const isViewSample = (file: string): boolean => file.endsWith('.json') && !isDataFile(file);

/** The data file of a view sample: `approvalRequest.pending-buy.json` → `approvalRequest.pending-buy.data.json`. */
export const dataFileOf = (sample: string): string => sample.replace(/\.json$/, dataSuffix);

/** The viewer approval cards are presented for in the data files: an approver, who sees Approve and Deny. */
export const dataFileViewer: Viewer = { canDecide: true, isRequester: false };

/** The card a sample belongs to: the first part of its file name. */
export function cardNameOf(sample: string): CardName {
  const name = sample.split('.')[0] ?? '';
  if (!(cardNames as readonly string[]).includes(name)) throw new Error(`sample ${sample} names no card`);
  return name as CardName;
}

/** The data file's text for a sample's view: the presented data as indented JSON with a final newline. */
export function cardDataText(sample: string, view: unknown): string {
  return `${JSON.stringify(cardData(cardNameOf(sample), view, { viewer: dataFileViewer }), null, 2)}\n`;
}

export interface SampleDataFile {
  /** The view sample, e.g. `notice.info.json`. */
  readonly sample: string;
  /** Its data file, e.g. `notice.info.data.json`. */
  readonly file: string;
  /** What the data file must contain. */
  readonly text: string;
}

/** The data file every view sample in `dir` should have, sorted by sample. */
export function sampleDataFiles(dir: string = samplesDir): SampleDataFile[] {
  return readdirSync(dir)
    .filter(isViewSample)
    .sort()
    .map((sample) => {
      const view: unknown = JSON.parse(readFileSync(join(dir, sample), 'utf8'));
      return { sample, file: dataFileOf(sample), text: cardDataText(sample, view) };
    });
}
