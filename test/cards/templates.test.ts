// @vitest-environment jsdom
/**
 * Every template expanded with every sample (and, for approval cards, every kind of viewer) is a
 * valid Adaptive Card 1.5 by the official schema, renders with the official renderer without a
 * warning, and matches its committed Teams JSON snapshot.
 */
import { describe, expect, it } from 'vitest';
import { cardNames } from '../../src/cards/card-registry.ts';
import { expandCard } from '../../src/cards/expand-card.ts';
import { renderCard, schemaErrors } from './adaptive-card-validators.ts';
import { loadSamples, sampleCases } from './load-samples.ts';

const samples = loadSamples();
const cases = sampleCases(samples);

describe('card templates', () => {
  it('every view has a template and at least one sample', () => {
    const withSamples = new Set(samples.map((s) => s.name));
    expect(cardNames.filter((name) => !withSamples.has(name))).toEqual([]);
  });

  describe.each(cases)('$file $who', ({ name, data, viewer, file, who }) => {
    const card = expandCard(name, data, { viewer });

    it('is valid against the official Adaptive Card 1.5 schema', () => {
      expect(schemaErrors(card)).toEqual([]);
    });

    it('renders with the official renderer without warnings', () => {
      const { problems, element } = renderCard(card);
      expect(problems).toEqual([]);
      expect(element?.textContent?.length ?? 0).toBeGreaterThan(0);
    });

    it('matches the Teams snapshot', async () => {
      const snapshot = `./__snapshots__/teams/${file.replace(/\.json$/, '')}${who ? `.${who}` : ''}.json`;
      await expect(`${JSON.stringify(card, null, 2)}\n`).toMatchFileSnapshot(snapshot);
    });
  });
});
