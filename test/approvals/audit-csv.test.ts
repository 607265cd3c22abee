import { describe, expect, it } from 'vitest';
import { auditToCsv, csvCell, exportAuditCsv } from '../../src/approvals/audit-csv.ts';
import { createManualClock } from '../../src/util/clock.ts';
import { createFakePax8 } from '../helpers/approvals-fake-pax8.ts';
import { actor, rita, testEngine, seatChange } from '../helpers/approvals-harness.ts';
import { dbBackends, useSuiteStore } from '../helpers/db-backends.ts';

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(undefined)).toBe('');
  });

  it('neutralises spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
  });

  it('writes a header even with no rows', () => {
    expect(auditToCsv([])).toBe('time,request_id,action,actor,role,platform,channel,from_state,to_state,reason,pax8_ids\r\n');
  });
});

describe.each(dbBackends)('audit export on $name', (backend) => {
  const suite = useSuiteStore(backend);

  it('exports the transitions of a date range, escaped', async () => {
    const clock = createManualClock('2026-04-01T08:00:00Z');
    const fake = createFakePax8(clock);
    fake.addSubscription({ id: 'sub-csv', companyId: 'co', productId: 'p', quantity: 3 });
    const { engine } = testEngine({ store: suite.store, pax8: fake.port, clock });
    const submitted = await engine.submit({
      kind: 'seats',
      payload: { subscriptionId: 'sub-csv', companyId: 'co', ...seatChange(3, 4) },
      requester: rita,
      channel: { platform: 'slack', id: 'C042' },
      summary: '=cmd|" /C calc"!A0, please',
    });
    if (!submitted.ok) throw new Error(submitted.reason);
    clock.advance(3_600_000);
    await engine.deny({ requestId: submitted.request.id, actor: actor('bob@msp.example'), reason: '-not now, "really"' });
    const csv = await exportAuditCsv(suite.store, { from: new Date('2026-04-01T00:00:00Z'), to: new Date('2026-04-02T00:00:00Z') });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(`2026-04-01T08:00:00.000Z,${submitted.request.id},submitted,rita@msp.example,requester,slack,C042,,pending,"'=cmd|"" /C calc""!A0, please",`);
    expect(lines[2]).toBe(`2026-04-01T09:00:00.000Z,${submitted.request.id},denied,bob@msp.example,approver,teams,,pending,denied,"'-not now, ""really""",`);
    expect(await exportAuditCsv(suite.store, { from: new Date('2026-04-02T00:00:00Z') })).toBe(auditToCsv([]));
  });
});
