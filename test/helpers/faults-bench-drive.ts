/**
 * The people of the faults benchmark at work: requesters type `buy`, `seats +N`, `seats -N` and
 * `cancel` in Slack (signed slash commands) or Teams (channel @mentions with Bot Framework tokens),
 * approvers click Approve on the card in Slack or in Teams. Some deliveries are sent twice, as the
 * platforms do (`X-Slack-Retry-Num`, the same Teams activity id). A delivery the bot cannot take
 * (it is down) is sent again until it is, as Slack and Teams retry; a command or click the bot
 * acknowledged but lost to a SIGKILL is typed or clicked again after the restart, as a person would,
 * and counted.
 */
import type { FakeSlackMessage } from '../../src/fakes/slack-web-api.ts';
import type { Button } from './slack-requests.ts';
import { blockActionBody, postSigned, slashCommandBody } from './slack-requests.ts';
import { approvalsChannel, people, type Person, type Stage, teamChannel } from './faults-bench-stage.ts';
import { cardInvoke, channelMention } from './teams-activities.ts';

export type TaskKind = 'buy' | 'seats+' | 'seats-' | 'cancel';

export interface Task {
  readonly index: number;
  readonly kind: TaskKind;
  readonly text: string;
  /** What its write is keyed by in the sandbox's log: `sub:<id>` or `order:<company>:<product>:<quantity>`. */
  readonly target: string;
  readonly requestVia: 'slack' | 'teams';
  readonly approveVia: 'slack' | 'teams';
  readonly requester: Person;
  readonly approver: Person;
  /** Send its command and its click twice, as a platform retry. */
  readonly resend: boolean;
}

export interface TaskOutcome {
  readonly task: Task;
  /** The request its command opened; undefined when none could be found. */
  readonly requestId: string | undefined;
  readonly clicked: boolean;
  /** What the bot last said where the requester looks, when no request came of the command. */
  readonly answer?: string;
  readonly ms: number;
}

export interface DriveCounters {
  platformRetries: number;
  /** Deliveries sent again because the bot was down (connection refused, 5xx). */
  redeliveries: number;
  /** Commands typed again after a kill: acknowledged, then lost with the process. */
  retyped: number;
  /** Commands typed again because the bot said Pax8 was busy or not answering, or that something went wrong. */
  retypedAfterError: number;
  /** Cards an approver found still offering Approve in the approvals channel at the end, and approved. */
  sweptApprovals: number;
  /** Clicks made again after a restart, the card still offering Approve. */
  reclicked: number;
}

/**
 * The bot's answer when a read it needed failed for good (429s, 5xx, timeouts: "try again") or its
 * database connection was lost mid-command ("something went wrong"): nothing was opened, and a person
 * types the command again.
 */
const pax8Trouble = /Pax8 is not answering|Pax8 is busy|try again|Something went wrong/i;
const idPattern = /Request ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sub {
  id: string;
  companyId: string;
  quantity?: number;
  status: string;
  billingTerm?: string;
  commitment?: unknown;
}

async function sandboxToken(stage: Stage): Promise<string> {
  const { sandbox } = stage;
  const response = await fetch(sandbox.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: sandbox.clientId, client_secret: sandbox.clientSecret, audience: sandbox.audience, grant_type: 'client_credentials' }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function readAll<T>(stage: Stage, token: string, path: string): Promise<T[]> {
  const all: T[] = [];
  for (let page = 0; page < 50; page += 1) {
    const response = await fetch(`${stage.sandbox.baseUrl}${path}${path.includes('?') ? '&' : '?'}size=200&page=${page}`, { headers: { authorization: `Bearer ${token}` } });
    const { content } = (await response.json()) as { content: T[] };
    all.push(...content);
    if (content.length < 200) return all;
  }
  return all;
}

/**
 * `count` tasks over the sandbox's data: seat changes and cancellations each on their own
 * subscription (active, monthly, no commitment: they run at once), purchases each of their own
 * quantity, so every write in the sandbox's log belongs to exactly one task.
 */
export async function planTasks(stage: Stage, count: number, buyProduct = 'Keeper Business'): Promise<Task[]> {
  const token = await sandboxToken(stage);
  // Only an active company can order (it has its contacts); buys name it by id, as several share a name.
  const companies = (await readAll<{ id: string; name: string; status?: string }>(stage, token, '/companies')).filter((c) => c.status === 'Active');
  const products = await readAll<{ id: string; name: string }>(stage, token, '/products');
  const product = products.find((p) => p.name === buyProduct);
  if (!product) throw new Error(`no product "${buyProduct}" in the sandbox`);
  const subs = (await readAll<Sub>(stage, token, '/subscriptions')).filter((s) => s.status === 'Active' && s.billingTerm === 'Monthly' && !s.commitment && (s.quantity ?? 0) >= 3);
  const tasks: Task[] = [];
  let buys = 0;
  for (let i = 0; i < count; i += 1) {
    const cycle = (['seats+', 'buy', 'seats-', 'seats+', 'cancel', 'seats-'] as const)[i % 6] ?? 'buy';
    const sub = cycle === 'buy' ? undefined : subs.shift();
    const requestVia = i % 2 === 0 ? 'slack' : 'teams';
    const common = {
      index: i,
      requestVia,
      approveVia: i % 4 < 2 ? (requestVia === 'slack' ? 'teams' : 'slack') : requestVia,
      requester: i % 3 === 0 ? people.tess : people.tim,
      approver: i % 2 === 0 ? people.ann : people.bob,
      resend: i % 5 === 2,
    } as const;
    if (!sub) {
      const company = companies[buys % companies.length];
      if (!company) throw new Error('the sandbox has no companies');
      const quantity = 2 + buys;
      buys += 1;
      tasks.push({ ...common, kind: 'buy', text: `buy ${company.id} "${product.name}" ${quantity} monthly adminEmail=it@customer.example`, target: `order:${company.id}:${product.id}:${quantity}` });
      continue;
    }
    const text = cycle === 'cancel' ? `cancel ${sub.id}` : `seats ${sub.id} ${cycle === 'seats+' ? '+2' : '-1'}`;
    tasks.push({ ...common, kind: cycle, text, target: `sub:${sub.id}` });
  }
  return tasks;
}

/** Sends a delivery until the bot takes it (a 2xx), as Slack and Teams retry one the bot did not answer. */
async function deliver(counters: DriveCounters, send: (attempt: number) => Promise<Response>): Promise<Response> {
  const until = Date.now() + 90_000;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const response = await send(attempt);
      if (response.status < 500) return response;
      await response.body?.cancel();
    } catch {
      // Down (killed, restarting) or too slow: the platform sends it again.
    }
    if (Date.now() > until) throw new Error('the bot did not take a delivery for 90 s: did its process end? (its stderr is above)');
    counters.redeliveries += 1;
    await sleep(300);
  }
}

/** Where a task's requester sees the request: its own Slack channel, or the thread of its Teams message. */
function requesterPlace(task: Task, activityId: string): string {
  return task.requestVia === 'slack' ? `C0FB${String(task.index).padStart(5, '0')}` : `19:fb${task.index}@thread.tacv2;messageid=${activityId}`;
}

/** The text of what the bot said where the requester looks (for a report on a command that opened no request). */
function answerIn(stage: Stage, task: Task, place: string, skip = 0): string {
  const said = task.requestVia === 'slack' ? stage.slack.messages(place).slice(skip).map((m) => `${m.text} ${JSON.stringify(m.blocks)}`) : stage.connector.messages(place).slice(skip).map((m) => JSON.stringify(m.activity.attachments ?? m.activity.text));
  return said.join(' | ').slice(0, 600);
}

function requestIdIn(stage: Stage, task: Task, place: string): string | undefined {
  if (task.requestVia === 'slack') {
    for (const m of stage.slack.messages(place)) if (!m.visibleTo) return idPattern.exec(JSON.stringify(m.blocks))?.[1];
    return undefined;
  }
  for (const m of stage.connector.messages(place)) {
    const found = idPattern.exec(JSON.stringify(m.activity))?.[1];
    if (found) return found;
  }
  return undefined;
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) return undefined;
    await sleep(100);
  }
}

let activityIds = 1_900_000_000_000;

/** The driver: `kills()` is how many times the bot was killed so far. */
export interface Driver {
  readonly counters: DriveCounters;
  run(task: Task): Promise<TaskOutcome>;
  /** An approver goes through the approvals channel and approves every card still offering Approve. */
  sweep(): Promise<void>;
}

export function createDriver(stage: Stage, kills: () => number): Driver {
  const counters: DriveCounters = { platformRetries: 0, redeliveries: 0, retyped: 0, retypedAfterError: 0, sweptApprovals: 0, reclicked: 0 };
  const teamsPost = (activity: Record<string, unknown>) =>
    fetch(`${stage.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stage.standIn.token(stage.serviceUrl)}` },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(15_000),
    });

  /** Types the command once (twice when the task resends); returns where its answer shows. */
  async function type(task: Task): Promise<string> {
    if (task.requestVia === 'slack') {
      const channel = requesterPlace(task, '');
      const body = slashCommandBody({ user: task.requester.slack.id, channel, text: task.text, responseUrl: stage.slack.responseUrl(channel, task.requester.slack.id) });
      await deliver(counters, (n) => postSigned(stage.bot.url, body, n === 0 ? {} : { retryNum: n }));
      if (task.resend) {
        counters.platformRetries += 1;
        await deliver(counters, (n) => postSigned(stage.bot.url, body, { retryNum: n + 1 }));
      }
      return channel;
    }
    const id = String((activityIds += 1));
    const activity = channelMention(stage.serviceUrl, task.requester.teams, task.text, id, `19:fb${task.index}@thread.tacv2`);
    await deliver(counters, () => teamsPost(activity));
    if (task.resend) {
      counters.platformRetries += 1;
      await deliver(counters, () => teamsPost(activity));
    }
    return requesterPlace(task, id);
  }

  async function request(task: Task): Promise<{ id?: string; answer: string }> {
    let answer = '';
    for (let tries = 0; tries < 5; tries += 1) {
      const before = kills();
      // Slack answers in the task's own channel every time; each Teams message has its own thread.
      const skip = task.requestVia === 'slack' ? stage.slack.messages(requesterPlace(task, '')).length : 0;
      const place = await type(task);
      const id = await waitFor(() => requestIdIn(stage, task, place) ?? (pax8Trouble.test(answerIn(stage, task, place, skip)) ? '' : undefined), 25_000);
      if (id) return { id, answer: '' };
      answer = answerIn(stage, task, place, skip);
      if (pax8Trouble.test(answer)) {
        // What a person does when the bot says Pax8 is busy: waits a little and types it again.
        counters.retypedAfterError += 1;
        await sleep(1_000);
        continue;
      }
      if (kills() === before) return { answer };
      counters.retyped += 1;
    }
    return { answer };
  }

  const slackCard = (requestId: string): FakeSlackMessage | undefined => stage.slack.messages(approvalsChannel).find((m) => JSON.stringify(m.blocks).includes(requestId));
  const approveButton = (m: FakeSlackMessage | undefined): Button | undefined =>
    (m?.blocks as { type?: string; elements?: Button[] }[] | undefined)?.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).find((b) => b.action_id === 'approve' || b.action_id.startsWith('approve#'));

  /** Clicks Approve once (twice when the task resends); false when no card offered it. */
  async function click(task: Task, requestId: string): Promise<boolean> {
    if (task.approveVia === 'slack') {
      const card = await waitFor(() => (approveButton(slackCard(requestId)) ? slackCard(requestId) : undefined), 20_000);
      const button = approveButton(card);
      if (!card || !button) return false;
      const user = task.approver.slack.id;
      const body = blockActionBody({ user, channel: approvalsChannel, messageTs: card.ts, button, responseUrl: stage.slack.responseUrl(approvalsChannel, user, card.ts) });
      await deliver(counters, (n) => postSigned(stage.bot.url, body, n === 0 ? {} : { retryNum: n }));
      if (task.resend) {
        counters.platformRetries += 1;
        await deliver(counters, (n) => postSigned(stage.bot.url, body, { retryNum: n + 1 }));
      }
      return true;
    }
    const copy = await waitFor(() => stage.connector.messages(teamChannel).find((m) => JSON.stringify(m.activity).includes(requestId)), 20_000);
    if (!copy) return false;
    const activity = cardInvoke(stage.serviceUrl, task.approver.teams, teamChannel, copy.id, { verb: 'approve', requestId, version: 1 });
    await deliver(counters, () => teamsPost(activity));
    if (task.resend) {
      counters.platformRetries += 1;
      await deliver(counters, () => teamsPost(activity));
    }
    return true;
  }

  async function approve(task: Task, requestId: string): Promise<boolean> {
    let clicked = false;
    for (let tries = 0; tries < 3; tries += 1) {
      const before = kills();
      clicked = (await click(task, requestId)) || clicked;
      // Decided: the card in the approvals channel no longer offers Approve.
      const decided = await waitFor(() => (slackCard(requestId) && !approveButton(slackCard(requestId)) ? true : undefined), 20_000);
      if (decided || kills() === before) return clicked;
      counters.reclicked += 1;
    }
    return clicked;
  }

  return {
    counters,
    async sweep() {
      for (const card of [...stage.slack.messages(approvalsChannel)]) {
        const button = approveButton(card);
        if (!button) continue;
        const user = people.ann.slack.id;
        const body = blockActionBody({ user, channel: approvalsChannel, messageTs: card.ts, button, responseUrl: stage.slack.responseUrl(approvalsChannel, user, card.ts) });
        await deliver(counters, (n) => postSigned(stage.bot.url, body, n === 0 ? {} : { retryNum: n }));
        counters.sweptApprovals += 1;
      }
    },
    async run(task) {
      const t0 = Date.now();
      const { id: requestId, answer } = await request(task);
      if (!requestId) return { task, requestId, clicked: false, answer, ms: Date.now() - t0 };
      const clicked = await approve(task, requestId);
      return { task, requestId, clicked, ms: Date.now() - t0 };
    },
  };
}
