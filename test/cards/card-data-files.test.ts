/**
 * The template data files next to the card samples (`cards/samples/*.data.json`, for previewing a
 * template in the Adaptive Cards Designer) are exactly what `cardData` makes of their samples, so
 * they cannot drift from the samples, the presenters or the templates. `npm run cards:data`
 * rewrites them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/cards/adaptive-templating.ts';
import { loadTemplate, unresolvedBindings } from '../../src/cards/expand-card.ts';
import { cardNameOf, isDataFile, isViewSample, sampleDataFiles, samplesDir } from '../../src/cards/sample-card-data.ts';
import { loadSamples } from './load-samples.ts';

const expected = sampleDataFiles();
const onDisk = readdirSync(samplesDir);
const outOfDate = 'out of date with its sample: run `npm run cards:data` and commit the result';

describe('card sample data files', () => {
  it('every sample has a data file and every data file a sample', () => {
    const missing = expected.filter(({ file }) => !onDisk.includes(file)).map(({ file }) => file);
    const orphans = onDisk.filter((file) => isDataFile(file) && !expected.some((e) => e.file === file));
    expect(missing, 'missing: run `npm run cards:data` and commit the result').toEqual([]);
    expect(orphans, 'without a sample: run `npm run cards:data` to remove them').toEqual([]);
  });

  it.each(expected)('$file is what cardData makes of $sample', ({ file, text }) => {
    const committed = readFileSync(join(samplesDir, file), 'utf8');
    expect(committed, `${file} is ${outOfDate}`).toBe(text);
  });

  it.each(expected)('$file expands its template completely', ({ sample, file }) => {
    const data = JSON.parse(readFileSync(join(samplesDir, file), 'utf8')) as object;
    expect(unresolvedBindings(expandTemplate(loadTemplate(cardNameOf(sample)), data))).toEqual([]);
  });

  it('are not loaded as view samples', () => {
    const samples = loadSamples();
    expect(samples.filter((s) => isDataFile(s.file))).toEqual([]);
    expect(samples).toHaveLength(onDisk.filter(isViewSample).length);
  });
});
