/**
 * The scheduled digests (config `digests`): every day at `unused.at` the licence findings that are
 * new or changed since the last digest, and every `renewals.weekday` at `renewals.at` the
 * commitments whose reduction window opens within `renewals.days`, each with "Schedule reduction".
 * Posted to the configured Slack channel and Teams conversation through the platforms' outboxes.
 *
 * Every replica runs `tick` (a pass of the approvals scheduler, on the injected clock); the one
 * whose insert claims the digest's period in `digest_runs` posts it, the others do nothing. A
 * replica that dies between the claim and the post loses that period's digest: it is never posted twice.
 */
import { sortFindings, unusedRow } from '../intents/handlers/unused-handler.ts';
import { handleIntent } from '../intents/handle-intent.ts';
import type { IntentOf } from '../intents/intent-request.ts';
import { findingFingerprint } from '../intents/licence-findings.ts';
import type { IntentDeps } from '../intents/ports.ts';
import { commandAction } from '../intents/row-actions.ts';
import { licenceIgnores, linkedCompanies, scanUnused } from '../intents/unused-licences.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import type { Clock } from '../util/clock.ts';
import type { View } from '../views/index.ts';
import { wireIds } from '../wire-ids.ts';
import type { DigestsConfig, Weekday } from './digests-config.ts';
import { weekdays } from './digests-config.ts';

export interface DigestsDeps {
  readonly config: DigestsConfig;
  readonly store: Pick<Store, 'licenceFindings'>;
  /** The intent layer's parts: the findings and renewals are read exactly as `unused` and `renewals` read them. */
  readonly intents: IntentDeps;
  /** Posts a view to a conversation of a platform (the delivery's outboxes); undefined when the platform is not running. */
  post(platform: 'slack' | 'teams', conversationId: string, view: View): Promise<string | undefined>;
  readonly clock: Clock;
  readonly log: Logger;
  /** Names this replica in `digest_runs`. */
  readonly instanceId: string;
}

/** What one pass did: the digests this replica posted, by `digest:period`. */
export interface DigestPass {
  readonly posted: readonly string[];
}

export interface Digests {
  tick(): Promise<DigestPass>;
}

/** Findings a digest shows at most; the rest are counted ("type unused"). */
const maxDigestRows = 30;

/** The local date, weekday and minute of the day of `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): { date: string; weekday: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'long', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = part('weekday').toLowerCase();
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    weekday: weekdays.find((d) => d === weekday) ?? 'monday',
    minutes: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The period a digest is due for now (its local date), or undefined when it is not due. */
export function duePeriod(now: Date, when: { readonly at: string; readonly timezone: string; readonly weekday?: Weekday }): string | undefined {
  const local = localTime(now, when.timezone);
  if (when.weekday !== undefined && local.weekday !== when.weekday) return undefined;
  return local.minutes >= minutesOf(when.at) ? local.date : undefined;
}

export function createDigests(deps: DigestsDeps): Digests {
  const { config, store, log } = deps;

  async function postEverywhere(target: { readonly slack?: string | undefined; readonly teams?: string | undefined }, view: View): Promise<void> {
    for (const platform of ['slack', 'teams'] as const) {
      const conversation = target[platform];
      if (!conversation) continue;
      const posted = await deps.post(platform, conversation, view).catch((error: unknown) => {
        log.error({ err: error, platform }, 'could not post a digest');
        return null;
      });
      if (posted === undefined) log.warn({ platform }, `a digest is configured for ${platform}, which is not running: not posted there`);
    }
  }

  async function unusedDigest(period: string): Promise<number> {
    const target = config.unused;
    const ms = deps.intents.microsoft;
    if (!target || !ms.configured) return 0;
    const { companies } = await linkedCompanies(ms, deps.intents);
    const scan = await scanUnused(ms, companies, await licenceIgnores(deps.intents));
    const before = await store.licenceFindings.postedFindings('unused');
    const now = new Map(scan.findings.map((f) => [f.key, findingFingerprint(f)]));
    // A company that could not be read keeps what was said about it: its findings are unknown, not gone.
    for (const [key, fingerprint] of before) if (scan.failed.some((id) => key.startsWith(`${id}|`))) now.set(key, fingerprint);
    const fresh = sortFindings(scan.findings.filter((f) => before.get(f.key) !== now.get(f.key)));
    await store.licenceFindings.rememberFindings('unused', now, deps.clock.now());
    if (fresh.length === 0 && scan.problems.length === 0) return 0;
    const rows = fresh.slice(0, maxDigestRows).map((f) => unusedRow(f, { ignore: true, account: {} }));
    const view: View = {
      kind: 'unusedList',
      company: null,
      digest: true,
      companies: scan.companies,
      items: rows,
      ignored: scan.ignored,
      skipped: scan.skipped,
      problems: scan.problems,
      more: fresh.length - rows.length,
      paging: { page: 1, pageSize: Math.max(1, rows.length), total: rows.length, totalIsLowerBound: false, previous: null, next: null },
    };
    await postEverywhere(target, view);
    log.info({ period, findings: fresh.length }, 'posted the unused-licence digest');
    return fresh.length;
  }

  async function renewalsDigest(period: string): Promise<number> {
    const target = config.renewals;
    if (!target) return 0;
    const request: IntentOf<'renewals'> = {
      kind: 'renewals',
      days: target.days,
      page: 1,
      actor: { userId: 'digest', platform: target.slack ? 'slack' : 'teams', identity: 'unavailable' },
      channel: { platform: target.slack ? 'slack' : 'teams', id: target.slack ?? target.teams ?? 'digest', isPersonal: false },
      eventId: `digest:renewals:${period}`,
    };
    const answer = handleIntent(request, deps.intents);
    const view = answer.later ? await answer.later : answer.now;
    if (view.kind !== 'renewalList') throw new Error(`the renewals digest could not be read: ${view.kind === 'error' ? view.message : view.kind}`);
    if (view.items.length === 0) return 0;
    const items = view.items.map((row) => ({
      ...row,
      actions: [commandAction('Schedule reduction', wireIds.commands.seats, row.subscriptionId, {}), ...row.actions.filter((a) => a.label === 'Details')],
    }));
    await postEverywhere(target, { ...view, items });
    log.info({ period, commitments: view.paging.total }, 'posted the renewals digest');
    return view.paging.total;
  }

  async function run(digest: 'unused' | 'renewals', period: string | undefined, work: (period: string) => Promise<number>): Promise<string | undefined> {
    if (period === undefined) return undefined;
    if (!(await store.licenceFindings.claimDigest(digest, period, deps.instanceId, deps.clock.now()))) return undefined;
    const posted = await work(period);
    await store.licenceFindings.digestPosted(digest, period, posted);
    return `${digest}:${period}`;
  }

  return {
    async tick() {
      const now = deps.clock.now();
      const done = [
        config.unused ? await run('unused', duePeriod(now, config.unused), unusedDigest) : undefined,
        config.renewals ? await run('renewals', duePeriod(now, config.renewals), renewalsDigest) : undefined,
      ];
      return { posted: done.filter((d): d is string => d !== undefined) };
    },
  };
}
