/**
 * The faults benchmark's machinery, shared by `npm run bench:faults` and its small test: plans the
 * approvals, drives them with a few people at once while faults are injected at set points of the
 * run, lets recovery settle everything (faults cleared, the clock moved past the execution lease and
 * the settle window; an approver goes through the approvals channel once more, as people do after
 * an outage, for cards posted late), then counts from the outside: the sandbox's write log and the bot's database
 * once the bot has stopped.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { createSilentLogger } from '../../src/log.ts';
import { approvalStateLabel } from '../../src/cards/present/approval-card-data.ts';
import type { FakeSlackMessage } from '../../src/fakes/slack-web-api.ts';
import { finalStates, openStore, type RequestState } from '../../src/store/index.ts';
import { createDriver, planTasks, type DriveCounters, type TaskOutcome } from './faults-bench-drive.ts';
import { adminSql, approvalsChannel, people, type Stage, startStage, teamChannel } from './faults-bench-stage.ts';
import { botAddedToTeam, channelMention } from './teams-activities.ts';

export type PgFault = 'restart' | 'terminate' | 'none';

export interface FaultsBenchOptions {
  readonly approvals: number;
  readonly concurrency: number;
  readonly database: 'pglite' | 'postgres';
  readonly kills: number;
  /** On PostgreSQL: restart the server (`pg_ctlcluster`), or end every connection of the bench's database. */
  readonly pgFault: PgFault;
  readonly companies?: number;
  readonly progress?: (line: string) => void;
}

export interface FaultsBenchResult {
  readonly database: 'pglite' | 'postgres';
  /** What was done to PostgreSQL, in words. */
  readonly pgFault: string;
  readonly faults: Record<string, number>;
  readonly requests: number;
  readonly approved: number;
  readonly executed: number;
  readonly states: Record<string, number>;
  readonly writes: number;
  readonly duplicateWrites: number;
  /** Targets that received a write more than once, whatever Pax8 answered (a write sent again). */
  readonly repeatedWrites: number;
  readonly lostRequests: number;
  readonly lostDecisions: number;
  readonly unsettled: number;
  /** Requests whose card in the Slack approvals channel does not show the state they ended in. */
  readonly staleCards: number;
  /** Second cards of a request the platform took while the bot was killed before recording them: not updated. */
  readonly untrackedCards: number;
  readonly counters: DriveCounters;
  readonly elapsedMs: number;
  readonly rssMb: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Rule {
  readonly type: string;
  readonly id: string;
  readonly times: number;
}

interface LoggedWrite {
  seq: number;
  method: string;
  path: string;
  body: unknown;
  status: number | null;
  responseLost?: true;
  isMock?: true;
}

/** The task a write belongs to: the subscription in its path, or the order's company, product and quantity. */
function writeTarget(write: LoggedWrite): string {
  const sub = /\/subscriptions\/([^/?]+)/.exec(write.path)?.[1];
  if (sub) return `sub:${sub}`;
  const body = write.body as { companyId?: string; lineItems?: { productId?: string; quantity?: number }[] } | null;
  const line = body?.lineItems?.[0];
  return `order:${body?.companyId}:${line?.productId}:${line?.quantity}`;
}

/** The task a stored request belongs to, from its payload: the same keys as {@link writeTarget}. */
function targetOf(payload: unknown): string {
  const p = payload as { subscriptionId?: string; companyId?: string; productId?: string; quantity?: number };
  return p.subscriptionId ? `sub:${p.subscriptionId}` : `order:${p.companyId}:${p.productId}:${p.quantity}`;
}

/** The fault points of a run, in order of the share of approvals done when each fires. */
function faultPlan(o: FaultsBenchOptions): { at: number; name: string }[] {
  const plan = [
    { at: 0.1, name: '429' },
    { at: 0.25, name: '5xx' },
    { at: 0.35, name: 'hang' },
    { at: 0.45, name: 'lost-answer' },
  ];
  for (let k = 0; k < o.kills; k += 1) plan.push({ at: 0.5 + (0.35 * k) / Math.max(1, o.kills), name: 'kill-9' });
  if (o.database === 'postgres' && o.pgFault !== 'none') plan.push({ at: 0.7, name: 'postgres' });
  return plan.sort((a, b) => a.at - b.at);
}

const ruleSets: Record<string, { type: string; rule: Record<string, unknown> }[]> = {
  '429': [
    { type: 'pax8 429 (write)', rule: { route: 'PUT /subscriptions/{subscriptionId}', status: 429, retryAfter: 1, times: 3 } },
    { type: 'pax8 429 (read)', rule: { route: 'GET /subscriptions/{subscriptionId}', status: 429, retryAfter: 1, times: 15 } },
    { type: 'pax8 429 (read)', rule: { route: 'GET /companies', status: 429, retryAfter: 1, times: 10 } },
  ],
  '5xx': [
    { type: 'pax8 5xx (write)', rule: { route: 'POST /orders', status: 503, times: 2 } },
    { type: 'pax8 5xx (write)', rule: { route: 'PUT /subscriptions/{subscriptionId}', status: 500, times: 2 } },
    { type: 'pax8 5xx (read)', rule: { route: 'GET /subscriptions/{subscriptionId}', status: 502, times: 10 } },
  ],
  hang: [
    { type: 'pax8 hang (write)', rule: { route: 'PUT /subscriptions/{subscriptionId}', hang: true, times: 2 } },
    { type: 'pax8 hang (write)', rule: { route: 'DELETE /subscriptions/{subscriptionId}', hang: true, times: 1 } },
    { type: 'pax8 hang (read)', rule: { route: 'GET /subscriptions/{subscriptionId}', hang: true, times: 3 } },
  ],
  'lost-answer': [
    { type: 'pax8 lost answer (write applied)', rule: { route: 'PUT /subscriptions/{subscriptionId}', hangAfterWrite: true, times: 2 } },
    { type: 'pax8 lost answer (write applied)', rule: { route: 'POST /orders', hangAfterWrite: true, times: 1 } },
    { type: 'pax8 lost answer (write applied)', rule: { route: 'DELETE /subscriptions/{subscriptionId}', hangAfterWrite: true, times: 1 } },
  ],
};

/** The installed PostgreSQL cluster version for `pg_ctlcluster`, when there is exactly one. */
function clusterVersion(): string | undefined {
  try {
    const versions = readdirSync('/etc/postgresql');
    return versions.length === 1 ? versions[0] : undefined;
  } catch {
    return undefined;
  }
}

export async function runFaultsBench(o: FaultsBenchOptions): Promise<FaultsBenchResult> {
  const say = o.progress ?? (() => undefined);
  const started = Date.now();
  const stage = await startStage({ companies: o.companies ?? Math.max(20, Math.ceil(o.approvals / 3)), database: o.database });
  try {
    return await runOnStage(stage, o, say, started);
  } finally {
    await stage.close();
  }
}

async function runOnStage(stage: Stage, o: FaultsBenchOptions, say: (line: string) => void, started: number): Promise<FaultsBenchResult> {
  let kills = 0;
  const rules: Rule[] = [];
  const events: Record<string, number> = {};
  let pgFault = o.database === 'postgres' ? 'none' : 'not run (embedded PGlite)';
  const count = (type: string, n = 1) => {
    events[type] = (events[type] ?? 0) + n;
  };
  const addRules = async (set: readonly { type: string; rule: Record<string, unknown> }[]) => {
    for (const { type, rule } of set) {
      const added = await stage.admin<{ id: string }>('POST', 'faults', rule);
      rules.push({ type, id: added.id, times: Number(rule.times ?? 1) });
    }
  };

  // Teams: the bot learns the approvals channel's conversation (its service URL) as it would in a team.
  const teamsPost = (activity: Record<string, unknown>) =>
    fetch(`${stage.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stage.standIn.token(stage.serviceUrl)}` }, body: JSON.stringify(activity) });
  await teamsPost(botAddedToTeam(stage.serviceUrl));
  await teamsPost(channelMention(stage.serviceUrl, people.ada.teams, 'approvals here', undefined, teamChannel));

  const tasks = await planTasks(stage, o.approvals);
  const driver = createDriver(stage, () => kills);
  say(`${tasks.length} approvals planned, ${o.concurrency} at a time, database ${o.database}`);

  async function killDuringWrites(): Promise<void> {
    const { writes } = await stage.admin<{ writes: LoggedWrite[] }>('GET', 'writes');
    const from = writes.at(-1)?.seq ?? 0;
    // Slow writes, so the kill finds some on the wire.
    await addRules([
      { type: 'pax8 slow write (for the kill)', rule: { route: 'PUT /subscriptions/{subscriptionId}', latencyMs: 2500, times: 3 } },
      { type: 'pax8 slow write (for the kill)', rule: { route: 'POST /orders', latencyMs: 2500, times: 2 } },
    ]);
    const until = Date.now() + 30_000;
    for (;;) {
      const now = (await stage.admin<{ writes: LoggedWrite[] }>('GET', 'writes')).writes;
      if (now.some((w) => w.seq > from && w.status === null && !w.isMock) || Date.now() > until) break;
      await sleep(50);
    }
    kills += 1;
    await stage.bot.kill9();
    count('bot kill -9');
    say('bot killed with SIGKILL while writes were in flight; starting it again on the same data');
    await sleep(500);
    await stage.bot.restart();
  }

  async function hitPostgres(): Promise<void> {
    if (stage.database.kind !== 'postgres') return;
    const version = clusterVersion();
    if (o.pgFault === 'restart' && version) {
      await promisify(execFile)('pg_ctlcluster', [version, 'main', 'restart']);
      pgFault = `server restarted (pg_ctlcluster ${version} main restart)`;
      count('postgres restart');
    } else {
      const ended = await adminSql(stage.database.adminUrl, 'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [stage.database.name]);
      pgFault = `every connection of the bench database terminated (${ended.length} backends; pg_terminate_backend)${o.pgFault === 'restart' ? ', no single cluster to restart' : ''}`;
      count('postgres connections terminated');
    }
    say(`PostgreSQL: ${pgFault}`);
  }

  const plan = faultPlan(o);
  let fired = 0;
  let done = 0;
  let controller: Promise<void> = Promise.resolve();
  const fire = () => {
    while (fired < plan.length && done >= (plan[fired]?.at ?? 1) * tasks.length) {
      const point = plan[fired];
      fired += 1;
      if (!point) break;
      controller = controller.then(async () => {
        if (point.name === 'kill-9') return killDuringWrites();
        if (point.name === 'postgres') return hitPostgres();
        say(`injecting ${point.name}`);
        return addRules(ruleSets[point.name] ?? []);
      });
    }
  };

  const outcomes: TaskOutcome[] = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const task = tasks[next];
      next += 1;
      if (!task) return;
      outcomes.push(await driver.run(task));
      done += 1;
      fire();
      if (done % 50 === 0) say(`${done}/${tasks.length} approvals driven`);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  await controller;
  const sweepFrom = new Date((await stage.admin<{ now: string }>('GET', 'clock')).now);
  await driver.sweep();

  // What the sandbox actually did with each rule, then no more faults.
  const remaining = (await stage.admin<{ rules: { id: string; times?: number }[] }>('GET', 'faults')).rules;
  for (const rule of rules) count(rule.type, rule.times - (remaining.find((r) => r.id === rule.id)?.times ?? 0));
  await stage.admin('DELETE', 'faults');
  say('recovery: faults cleared, moving the clock past the execution lease and the settle window');
  for (const advance of ['PT3M', 'PT11M', 'PT1H']) {
    await stage.admin('POST', 'clock', { advance });
    await sleep(8_000);
  }
  // An approver looks at the channel once more: a card the restart posted late waits there.
  await driver.sweep();
  // Then the bot is left to finish: until the approvals channel has not changed for 8 s (at most a minute).
  const channelNow = () => JSON.stringify(stage.slack.messages(approvalsChannel));
  for (let last = channelNow(), quiet = 0, waited = 0; quiet < 2 && waited < 60_000; waited += 4_000) {
    await sleep(4_000);
    const now = channelNow();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  const rssMb = stage.bot.peakRssMb();
  await stage.bot.stop();

  const store = await openStore({ ...(stage.database.kind === 'postgres' ? { databaseUrl: stage.database.url } : {}), dataDir: stage.database.kind === 'pglite' ? stage.database.dataDir : '', log: createSilentLogger() });
  let requests;
  let sweptDecisions;
  try {
    requests = await store.requests.list({ limit: 100_000 });
    // Approvals only the end-of-run pass through the channel made: the click before it was lost.
    sweptDecisions = (await store.audit.list({ from: sweepFrom })).filter((a) => a.fromState === 'pending' && a.toState !== 'pending');
  } finally {
    await store.close();
  }
  const byId = new Map(requests.map((r) => [r.id, r]));
  const states: Record<string, number> = {};
  for (const r of requests) states[r.state] = (states[r.state] ?? 0) + 1;

  const { writes } = await stage.admin<{ writes: LoggedWrite[] }>('GET', 'writes');
  const real = writes.filter((w) => !w.isMock);
  const applied = new Map<string, number>();
  const sent = new Map<string, number>();
  for (const w of real) {
    const key = writeTarget(w);
    sent.set(key, (sent.get(key) ?? 0) + 1);
    if (w.status !== null && w.status < 300) applied.set(key, (applied.get(key) ?? 0) + 1);
  }
  // Every stored request is matched to its task by what it changes, not only by the id the chat showed.
  const stored = new Map<string, number>();
  for (const r of requests) stored.set(targetOf(r.payload), (stored.get(targetOf(r.payload)) ?? 0) + 1);
  const lost = outcomes.filter((x) => !stored.has(x.task.target));
  for (const x of lost) say(`lost: #${x.task.index} ${x.task.requestVia} "${x.task.text}" → ${x.requestId ?? 'no request'}; the bot said: ${x.answer || 'nothing'}`);
  const lostRequests = lost.length;
  for (const r of requests.filter((x) => !finalStates.includes(x.state))) {
    const task = outcomes.find((x) => x.task.target === targetOf(r.payload));
    say(`unsettled: ${r.id} ${r.state} (${r.reason ?? ''}) task #${task?.task.index} ${task?.task.requestVia}→${task?.task.approveVia} clicked ${task?.clicked}`);
  }
  const reasons = new Map<string, number>();
  for (const r of requests.filter((x) => x.state === 'failed')) reasons.set((r.reason ?? '').slice(0, 90), (reasons.get((r.reason ?? '').slice(0, 90)) ?? 0) + 1);
  for (const [reason, n] of reasons) say(`failed ×${n}: ${reason}`);
  const slow = [...outcomes].sort((a, b) => b.ms - a.ms).slice(0, 5);
  say(`slowest approvals (ms): ${slow.map((x) => `#${x.task.index} ${x.task.kind} ${x.task.requestVia}→${x.task.approveVia} ${x.ms}`).join(', ')}`);
  // What people see: each request has a card that says the state it ended in. A second card of one
  // request that does not is one the platform took while the bot was killed before recording it (the
  // bot cannot update what it does not know of): counted apart.
  const cards = stage.slack.messages(approvalsChannel);
  const says = (m: FakeSlackMessage, r: { state: RequestState }) => JSON.stringify(m.blocks).includes(`*${approvalStateLabel(r.state)}*`);
  const cardsOf = (r: { id: string }) => cards.filter((m) => JSON.stringify(m.blocks).includes(r.id));
  const stale = requests.filter((r) => !cardsOf(r).some((m) => says(m, r)));
  const untracked = requests.flatMap((r) => (stale.includes(r) ? [] : cardsOf(r).filter((m) => !says(m, r)).map((m) => ({ r, m }))));
  for (const r of stale) say(`card of ${r.id} does not say "${approvalStateLabel(r.state)}"; its cards in the channel: ${cardsOf(r).map((m) => `${m.ts}: ${m.text.slice(0, 80)}`).join(' | ') || 'none'}`);
  for (const { r, m } of untracked) say(`a second card of ${r.id} (${m.ts}) says "${m.text.slice(0, 60)}": posted before a kill, never recorded`);
  const lostDecisions = outcomes.filter((x) => x.requestId && x.clicked && (byId.get(x.requestId)?.state === 'pending' || sweptDecisions.some((a) => a.requestId === x.requestId))).length;
  for (const a of sweptDecisions) say(`decided only by the end-of-run pass: ${a.requestId} (${a.toState})`);
  for (const [target, n] of sent) {
    if (n < 2) continue;
    const sends = real.filter((w) => writeTarget(w) === target).map((w) => `${w.method} ${w.path} → ${w.status ?? 'no answer'}${w.responseLost ? ' (answer lost)' : ''}`);
    const mine = requests.filter((r) => targetOf(r.payload) === target).map((r) => `${r.id} ${r.kind} ${r.state} (${r.reason ?? ''})`);
    say(`sent ${n} times to ${target}: ${sends.join('; ')}; requests: ${mine.join('; ')}`);
  }
  const orphans = requests.filter((r) => !outcomes.some((x) => x.requestId === r.id));
  for (const r of orphans) say(`opened but never shown to its requester: ${r.id} ${r.kind} now ${r.state}`);
  return {
    database: o.database,
    pgFault,
    faults: events,
    requests: requests.length,
    approved: requests.filter((r) => !['pending', 'denied', 'expired', 'cancelled'].includes(r.state)).length,
    executed: states['succeeded'] ?? 0,
    states,
    writes: real.length,
    duplicateWrites: [...applied.values()].filter((n) => n > 1).length,
    repeatedWrites: [...sent.values()].filter((n) => n > 1).length,
    lostRequests,
    lostDecisions,
    unsettled: requests.filter((r) => !finalStates.includes(r.state)).length,
    staleCards: stale.length,
    untrackedCards: untracked.length,
    counters: driver.counters,
    elapsedMs: Date.now() - started,
    rssMb,
  };
}
