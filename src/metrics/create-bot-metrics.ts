import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DueWorkObserver } from '../approvals/index.ts';
import type { CallObserver } from '../http/call-observer.ts';
import type { RequestObserver } from '../http/create-http-server.ts';
import type { IntentObserver } from '../intents/index.ts';
import type { OperationalFigures } from '../store/index.ts';
import type { Clock } from '../util/clock.ts';

/** Every series the bot exports starts with this, besides Node's own `process_*` and `nodejs_*`. */
export const metricPrefix = 'pax8chatops_';

/** What `/metrics` is made of: the registry it serves and the observers the parts of the bot are given. */
export interface BotMetrics {
  readonly registry: Registry;
  /** Intents per platform, kind and outcome, with their latency (given to the intent layer as `IntentDeps.observe`). */
  readonly intents: IntentObserver;
  /** Pax8, Entra and Graph call attempts by route template and status (given to the clients as `onCall`). */
  readonly calls: CallObserver;
  /** Requests the HTTP server answered, by route and status. */
  readonly requests: RequestObserver;
  /** How late the scheduler took each piece of due work (given to the approvals engine as `onDueWork`). */
  readonly dueWork: DueWorkObserver;
}

/** Seconds buckets from a cache hit (5 ms) to a slow Pax8 crawl (60 s). */
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Scheduler lag: on time is under the pass interval (5 s); minutes mean a replica is stuck or down. */
const lagBuckets = [1, 5, 10, 30, 60, 300, 900, 3600];

/**
 * The bot's Prometheus metrics (served at `GET /metrics`). Every label has a bounded set of values —
 * platforms, intent kinds, outcomes, configured account names, route templates, HTTP statuses,
 * request states — never a company, user, tenant or request id. Approval requests by state and the
 * oldest overdue work are read from the database when scraped (`figures`), so every replica shows
 * the shared numbers; a failing read leaves those series out of that scrape rather than failing it.
 */
export function createBotMetrics(options: { readonly figures?: OperationalFigures; readonly clock?: Clock } = {}): BotMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const intentsTotal = new Counter({ name: `${metricPrefix}intents_total`, help: 'Commands and card actions handled, by platform, intent kind and outcome (ok, error, fault)', labelNames: ['platform', 'kind', 'outcome'], registers });
  const intentSeconds = new Histogram({ name: `${metricPrefix}intent_duration_seconds`, help: 'Time from an intent starting to its answer being ready, by platform and intent kind', labelNames: ['platform', 'kind'], buckets: latencyBuckets, registers });
  const callsTotal = new Counter({ name: `${metricPrefix}api_calls_total`, help: 'Pax8, Entra ID and Graph call attempts (retries included), by service, Pax8 account, method, route template and HTTP status ("error" when no answer came)', labelNames: ['service', 'account', 'method', 'route', 'status'], registers });
  const callSeconds = new Histogram({ name: `${metricPrefix}api_call_duration_seconds`, help: 'Pax8, Entra ID and Graph call attempt durations, by service, method and route template', labelNames: ['service', 'method', 'route'], buckets: latencyBuckets, registers });
  const requestsTotal = new Counter({ name: `${metricPrefix}http_requests_total`, help: 'HTTP requests answered, by route (/slack/events, /api/messages, /console, /healthz, ...) and status', labelNames: ['route', 'method', 'status'], registers });
  const requestSeconds = new Histogram({ name: `${metricPrefix}http_request_duration_seconds`, help: 'Time to answer an HTTP request (for /slack/events and /api/messages: the acknowledgement), by route', labelNames: ['route'], buckets: latencyBuckets, registers });
  const lagSeconds = new Histogram({ name: `${metricPrefix}scheduler_lag_seconds`, help: 'How late the scheduler took due work (expiry, reminders, scheduled changes, recovery) after its run time, by kind of work', labelNames: ['work'], buckets: lagBuckets, registers });

  const { figures, clock } = options;
  if (figures) {
    new Gauge({
      name: `${metricPrefix}approval_requests`,
      help: 'Approval requests in the database, by state (read at scrape time)',
      labelNames: ['state'],
      registers,
      async collect() {
        const counts = await figures.requestsByState().catch(() => undefined);
        this.reset();
        if (counts) for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
    new Gauge({
      name: `${metricPrefix}scheduler_oldest_due_seconds`,
      help: 'How long the oldest due scheduled work has been waiting (0 when none is due; read at scrape time)',
      registers,
      async collect() {
        const seconds = await figures.oldestDueWorkSeconds((clock ?? { now: () => new Date() }).now()).catch(() => undefined);
        this.reset();
        if (seconds !== undefined) this.set(seconds);
      },
    });
  }

  return {
    registry,
    intents(platform, kind) {
      const started = performance.now();
      let done = false;
      return (outcome) => {
        if (done) return;
        done = true;
        intentsTotal.inc({ platform, kind, outcome });
        intentSeconds.observe({ platform, kind }, (performance.now() - started) / 1000);
      };
    },
    calls(call) {
      const labels = { service: call.service, method: call.method, route: call.route };
      callsTotal.inc({ ...labels, account: call.account ?? '', status: String(call.status) });
      callSeconds.observe(labels, call.seconds);
    },
    requests(request) {
      requestsTotal.inc({ route: request.route, method: request.method, status: String(request.status) });
      requestSeconds.observe({ route: request.route }, request.seconds);
    },
    dueWork(kind, lateSeconds) {
      lagSeconds.observe({ work: kind }, lateSeconds);
    },
  };
}
