/**
 * The machinery of `npm run bench:faults` at a tiny size: ten approvals through Slack and Teams,
 * every kind of Pax8 fault, one `kill -9` of the bot while writes are in flight, recovery. The bench
 * reports its figures; this checks that the machinery runs and that the bot keeps its promises under
 * it: no write twice, no request or decision lost, nothing left unsettled, every card in the approvals
 * channel showing the state its request ended in (a kill between storing and posting is caught up
 * after the restart). No timings are asserted.
 */
import { describe, expect, it } from 'vitest';
import { runFaultsBench } from '../helpers/faults-bench-run.ts';

describe('the faults benchmark machinery', () => {
  it('drives approvals through faults and a kill -9, and recovery settles every request with no duplicate write', { timeout: 600_000 }, async () => {
    // What the run said, to explain a failure (which request, which card, which write).
    const said: string[] = [];
    const result = await runFaultsBench({ approvals: 10, concurrency: 4, database: 'pglite', kills: 1, pgFault: 'none', progress: (line) => said.push(line) });
    // It did what it says: the bot was killed once, faults hit Pax8 calls, deliveries were sent twice.
    expect(result.faults['bot kill -9']).toBe(1);
    expect(Object.entries(result.faults).filter(([type, n]) => type.startsWith('pax8') && n > 0).length).toBeGreaterThanOrEqual(3);
    expect(result.counters.platformRetries).toBeGreaterThan(0);
    expect(result.requests).toBeGreaterThanOrEqual(10);
    expect(result.executed).toBeGreaterThan(0);
    expect(result.writes).toBeGreaterThan(0);
    // The bot's promises under all of it.
    expect(result, said.join('\n')).toMatchObject({ duplicateWrites: 0, repeatedWrites: 0, lostRequests: 0, lostDecisions: 0, unsettled: 0, staleCards: 0 });
  });
});
