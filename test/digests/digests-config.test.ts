/** `digests` in the config file: the documented shape is read, and each mistake is reported with where it is, all at once. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { duePeriod } from '../../src/digests/create-digests.ts';
import { ConfigError } from '../../src/errors.ts';

const fileWith = (text: string) => (path: string) => (path.endsWith('.yaml') ? text : undefined);

function problemsOf(text: string): readonly string[] {
  try {
    loadConfig({}, fileWith(text));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('digests config', () => {
  it('reads the shape DESIGN.md shows, with defaults, and nothing when it is absent', () => {
    const config = loadConfig(
      {},
      fileWith(`digests:
  unused:   { slack: C0LICENSES, teams: "19:abc@thread.tacv2", at: "08:00", timezone: Europe/London }
  renewals: { slack: C0LICENSES, weekday: Monday, at: "08:00", timezone: Europe/London, days: 30 }
  ignore:   [ { company: "Contoso Ltd", sku: FLOW_FREE } ]
`),
    );
    expect(config.digests).toEqual({
      unused: { slack: 'C0LICENSES', teams: '19:abc@thread.tacv2', at: '08:00', timezone: 'Europe/London' },
      renewals: { slack: 'C0LICENSES', weekday: 'monday', at: '08:00', timezone: 'Europe/London', days: 30 },
      ignore: [{ company: 'Contoso Ltd', sku: 'FLOW_FREE' }],
    });
    expect(loadConfig({}, () => undefined).digests).toEqual({ ignore: [] });
  });

  it('reports a bad time, time zone, weekday, day count, a digest with nowhere to post and an unknown key, together', () => {
    const problems = problemsOf(`digests:
  unused: { at: "8am", timezone: Mars/Olympus }
  renewals: { slack: C0X, weekday: someday, days: 0 }
  ignore: [ { company: Contoso } ]
  weekly: true
`).join('\n');
    expect(problems).toContain('digests.unused.at');
    expect(problems).toContain('HH:MM');
    expect(problems).toContain('IANA time zone');
    expect(problems).toMatch(/digests\.renewals\.weekday.*monday, tuesday/);
    expect(problems).toContain('digests.renewals.days');
    expect(problems).toContain('digests.ignore.0.sku');
    expect(problems).toMatch(/weekly/);
  });

  it('is due from its local time until the end of that day, on its weekday only for the weekly one', () => {
    const london = { at: '08:00', timezone: 'Europe/London' };
    expect(duePeriod(new Date('2026-11-02T07:59:00Z'), london)).toBeUndefined();
    expect(duePeriod(new Date('2026-11-02T08:00:00Z'), london)).toBe('2026-11-02');
    // New York is five hours behind in November: 08:00 there is 13:00 UTC, and 02:00 UTC is still the 1st.
    expect(duePeriod(new Date('2026-11-02T02:00:00Z'), { at: '08:00', timezone: 'America/New_York' })).toBe('2026-11-01');
    expect(duePeriod(new Date('2026-11-02T09:00:00Z'), { ...london, weekday: 'monday' })).toBe('2026-11-02');
    expect(duePeriod(new Date('2026-11-03T09:00:00Z'), { ...london, weekday: 'monday' })).toBeUndefined();
  });
});
