/**
 * Figures under faults: the bot (`node src/bin.mjs serve`, its own process) against the Pax8
 * sandbox (another process) while requesters and approvers drive a few hundred approvals through
 * Slack and Teams over HTTP, and the run is hit with Pax8 429 storms, 5xx, hanging requests, lost
 * answers, `kill -9` of the bot while writes are in flight (started again on the same data), a
 * PostgreSQL restart or the loss of every database connection, and Slack and Teams retries of the
 * same delivery. Then the faults stop, the clock moves past the execution lease and the settle
 * window, and the bench counts: duplicate writes, lost requests and unsettled requests (goal 0 each).
 *
 * Options: `--approvals N` (300), `--concurrency N` (8), `--db pglite|postgres` (postgres when
 * 127.0.0.1:5432 answers), `--kills N` (1), `--pg-restart` (restart the PostgreSQL server with
 * `pg_ctlcluster`; without it every connection of the bench's database is terminated instead, which
 * leaves other users of a shared server alone). Prints a table, then one JSON line.
 */
import { parseArgs } from 'node:util';
import { postgresAvailable } from '../helpers/faults-bench-stage.ts';
import { type FaultsBenchResult, runFaultsBench } from '../helpers/faults-bench-run.ts';

const { values } = parseArgs({
  options: {
    approvals: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '8' },
    db: { type: 'string' },
    kills: { type: 'string', default: '1' },
    'pg-restart': { type: 'boolean', default: false },
  },
});

function positive(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${text}"`);
  return n;
}

function print(r: FaultsBenchResult): void {
  const row = (label: string, value: string | number, goal = '') => console.log(`${label.padEnd(34)} ${String(value).padStart(8)}  ${goal}`);
  console.log(`\nFaults benchmark: bot and sandbox in their own processes, database ${r.database}`);
  console.log('faults injected');
  for (const [type, n] of Object.entries(r.faults).sort()) row(`  ${type}`, n);
  row('  Slack/Teams deliveries sent twice', r.counters.platformRetries);
  row('  deliveries resent (bot down)', r.counters.redeliveries);
  console.log(`PostgreSQL: ${r.pgFault}`);
  row('requests', r.requests);
  row('approved', r.approved);
  row('executed (succeeded)', r.executed);
  row('final states', Object.entries(r.states).map(([s, n]) => `${s} ${n}`).join(', '));
  row('writes that reached Pax8', r.writes);
  row('duplicate writes', r.duplicateWrites, 'goal 0');
  row('writes sent twice for one request', r.repeatedWrites, 'goal 0');
  row('lost requests', r.lostRequests, 'goal 0');
  row('lost decisions', r.lostDecisions, 'goal 0');
  row('unsettled after recovery', r.unsettled, 'goal 0');
  row('requests no card shows right', r.staleCards, 'goal 0');
  row('  second cards lost track of', r.untrackedCards, '(posted as the bot was killed)');
  row('typed again after a kill', r.counters.retyped);
  row('typed again after an error answer', r.counters.retypedAfterError);
  row('approved from the channel at the end', r.counters.sweptApprovals);
  row('clicked again after a kill', r.counters.reclicked);
  row('elapsed (s)', Math.round(r.elapsedMs / 100) / 10);
  row('bot peak RSS (MB)', r.rssMb);
  const goalMet = r.duplicateWrites === 0 && r.repeatedWrites === 0 && r.lostRequests === 0 && r.lostDecisions === 0 && r.unsettled === 0 && r.staleCards === 0;
  console.log(
    JSON.stringify({
      bench: 'faults',
      database: r.database,
      pgFault: r.pgFault,
      faults: r.faults,
      platformRetries: r.counters.platformRetries,
      redeliveries: r.counters.redeliveries,
      requests: r.requests,
      approved: r.approved,
      executed: r.executed,
      states: r.states,
      writes: r.writes,
      duplicateWrites: r.duplicateWrites,
      repeatedWrites: r.repeatedWrites,
      lostRequests: r.lostRequests,
      lostDecisions: r.lostDecisions,
      unsettled: r.unsettled,
      staleCards: r.staleCards,
      untrackedCards: r.untrackedCards,
      retyped: r.counters.retyped,
      retypedAfterError: r.counters.retypedAfterError,
      sweptApprovals: r.counters.sweptApprovals,
      reclicked: r.counters.reclicked,
      elapsedMs: r.elapsedMs,
      rssMb: r.rssMb,
      goalMet,
    }),
  );
}

const database = values.db === undefined ? ((await postgresAvailable()) ? 'postgres' : 'pglite') : values.db;
if (database !== 'pglite' && database !== 'postgres') throw new Error(`--db must be pglite or postgres, got "${database}"`);
const result = await runFaultsBench({
  approvals: positive('approvals', values.approvals),
  concurrency: Math.max(1, positive('concurrency', values.concurrency)),
  database,
  kills: positive('kills', values.kills),
  pgFault: values['pg-restart'] ? 'restart' : 'terminate',
  progress: (line) => console.error(`[faults] ${line}`),
});
print(result);
