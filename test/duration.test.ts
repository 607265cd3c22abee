import { describe, expect, it } from 'vitest';
import { parseDuration } from '../src/util/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['4h', 14_400_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
    ['1h30m', 5_400_000],
    ['P8D', 691_200_000],
    ['PT4H', 14_400_000],
    ['P1DT2H', 93_600_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'soon', '4 hours', 'P', 'PT', '4h junk', '-4h'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
