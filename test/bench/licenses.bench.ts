/**
 * Licences benchmark: `licenses <company>` for 200 linked tenants at once, through the intent layer
 * with the real Pax8 and Microsoft clients, against the sandbox in its own process with Pax8 and
 * Graph (and Entra) at 100 ms latency. Prints a table, then one JSON line.
 *
 * Each answer needs, in Pax8, the company's subscription list and then one single GET per
 * subscription not seen before (Pax8 gives `vendorSkuId` only there); in Graph, a token for the
 * tenant and then `subscribedSkus` and `directory/subscriptions`. The company list is read once
 * before timing (a running bot keeps it cached).
 *
 * Lower bound (documented in the output): with latency d, Pax8's limit of L requests per sliding
 * minute and R Pax8 requests in that minute (the warm-up's included), nothing finishes faster than
 *   bound = max(2·d, (⌈R / L⌉ − 1)·60000 + d)
 * The first term: two round trips that cannot overlap on either side (the list, then the single
 * GETs; the token, then the reads). The second: past L requests in a minute, request L + k may not
 * start before request k left the window. Graph's limit (1000 requests per 10 s per tenant) is far
 * above the three requests each tenant gets.
 */
import { performance } from 'node:perf_hooks';
import { createResolver, handleCommand, type IntentDeps } from '../../src/intents/index.ts';
import { createMicrosoftSide } from '../../src/intents/microsoft-side.ts';
import { createSilentLogger } from '../../src/log.ts';
import { createMicrosoftClient } from '../../src/microsoft/index.ts';
import type { Store } from '../../src/store/index.ts';
import { systemClock } from '../../src/util/clock.ts';
import { Secret } from '../../src/util/secret.ts';
import { clientFor, oneAccount } from '../helpers/pax8-sandbox.ts';
import { peakRssSampler, printFigures } from '../helpers/bench-figures.ts';
import { startSandboxProcess } from '../helpers/sandbox-process.ts';

const tenantCount = Number(process.env.BENCH_TENANTS ?? 200);
const companies = Number(process.env.BENCH_COMPANIES ?? 250);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 100);
const rateLimit = Number(process.env.BENCH_RATE_LIMIT ?? 1000);

type Stats = { requests: number; http429: number; byRoute: Record<string, number> };

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess(['--seed', '1', '--companies', String(companies), '--latency-ms', String(latencyMs), '--rate-limit', String(rateLimit)]);
  // The links come from the config (as with microsoft.tenants); no chat link is stored, so the
  // store is left out and the peak RSS is the licences' work, not a database's.
  const store: Pick<Store, 'companyTenants'> = {
    companyTenants: { get: () => Promise.resolve(undefined), list: () => Promise.resolve([]), set: () => Promise.resolve() },
  };
  const log = createSilentLogger();
  const rss = peakRssSampler();
  try {
    const tenants = ((await (await fetch(`${sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: { tenantId: string; companyId: string; consented: boolean }[] }).tenants;
    const linked = tenants.filter((t) => t.consented).slice(0, tenantCount);
    if (linked.length < tenantCount) throw new Error(`the sandbox has ${linked.length} consented tenants, fewer than ${tenantCount}`);
    const pax8 = oneAccount(clientFor(sandbox, { log, rateLimitPerMinute: rateLimit }));
    const app = sandbox.microsoft;
    const client = createMicrosoftClient({ clientId: app.clientId, clientSecret: new Secret(app.clientSecret), loginUrl: app.loginUrl, graphBaseUrl: app.graphBaseUrl }, { log });
    const deps: IntentDeps = {
      pax8,
      approvals: undefined as never,
      store: undefined as never,
      clock: systemClock,
      log,
      policy: { roles: { admins: [], approvers: [], requesters: ['*'] }, approvals: { selfApproval: false }, mappings: [], pageSize: 50 },
      resolver: createResolver({ pax8, clock: systemClock, log }),
      microsoft: createMicrosoftSide({ client, store, configured: linked.map((t) => ({ company: t.companyId, tenant: t.tenantId })), pax8, clock: systemClock }),
    };
    const stats = async (): Promise<Stats> => (await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()) as Stats;
    const startStats = await stats();
    await deps.resolver.companies();
    const warm = await stats();

    const started = performance.now();
    const answers = await Promise.all(
      linked.map(async (t, i) => {
        const result = handleCommand(`licenses ${t.companyId}`, { actor: { userId: 'bench', email: 'bench@msp.example', platform: 'slack', identity: 'cached' }, channel: { platform: 'slack', id: 'C0BENCH', isPersonal: false }, eventId: `bench-${i}` }, deps);
        return result.later ? await result.later : result.now;
      }),
    );
    const elapsedMs = Math.round(performance.now() - started);
    rss.sample();
    const end = await stats();

    const delta = (from: Stats, to: Stats, pick: (route: string) => boolean) => Object.entries(to.byRoute).filter(([route]) => pick(route)).reduce((sum, [route, n]) => sum + n - (from.byRoute[route] ?? 0), 0);
    const isAdmin = (route: string) => route.includes('__sandbox');
    const isMicrosoft = (route: string) => route.includes('/graph/') || route.includes('/login/');
    const pax8Requests = delta(warm, end, (r) => !isAdmin(r) && !isMicrosoft(r));
    const graphRequests = delta(warm, end, (r) => !isAdmin(r) && isMicrosoft(r));
    const warmRequests = delta(startStats, warm, (r) => !isAdmin(r));
    const inMinute = pax8Requests + warmRequests;
    const byLatency = 2 * latencyMs;
    const byRateLimit = inMinute > rateLimit ? (Math.ceil(inMinute / rateLimit) - 1) * 60_000 + latencyMs : 0;
    const boundMs = Math.max(byLatency, byRateLimit);
    const lines = answers.map((a) => (a.kind === 'licenceList' ? a.paging.total : 0));
    const result = {
      bench: 'licenses',
      tenants: linked.length,
      elapsedMs,
      boundMs,
      ratio: Math.round((elapsedMs / boundMs) * 100) / 100,
      requests: pax8Requests + graphRequests,
      pax8Requests,
      graphRequests,
      http429: end.http429 - warm.http429,
      failed: answers.filter((a) => a.kind !== 'licenceList').length,
      rssMb: rss.mb(),
    };
    const rows: [string, string | number][] = [
      ['tenants asked at once', result.tenants],
      ['answers that are not licence lists', result.failed],
      ['licence lines shown', lines.reduce((a, b) => a + b, 0)],
      ['Pax8 requests (warm-up: company list)', `${pax8Requests} (+ ${warmRequests})`],
      ['Graph and Entra requests', graphRequests],
      ['HTTP 429 received', result.http429],
      ['latency d / Pax8 limit L', `${latencyMs} ms / ${rateLimit} per min`],
      ['bound: 2·d', `${byLatency} ms`],
      ['bound: (⌈R/L⌉ − 1)·60000 + d', `${byRateLimit} ms (R = ${inMinute})`],
      ['bound = max of the two', `${boundMs} ms`],
      ['elapsed', `${elapsedMs} ms`],
      ['ratio elapsed / bound (goal ≤ 1.5)', result.ratio],
      ['peak RSS', `${result.rssMb} MB`],
    ];
    printFigures(`licenses: ${linked.length} linked tenants at once, Pax8 and Graph at ${latencyMs} ms (the sandbox in its own process)`, rows, result);
  } finally {
    rss.stop();
    await sandbox.close();
  }
}

await main();
