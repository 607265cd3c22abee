/**
 * The scheduled digests over the sandbox, with two replicas (two approvals engines, each with the
 * digests as a pass of its scheduler) sharing one database: each digest is posted once per period,
 * to Slack and Teams, and the next day's unused-licence digest shows only findings that are new or
 * changed. Time moves with the sandbox clock, never by waiting. On PGlite and on PostgreSQL, where
 * each replica has its own connection pool, as two processes would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApprovalsEngine } from '../../src/approvals/index.ts';
import { createDigests } from '../../src/digests/create-digests.ts';
import { digestsConfigSchema } from '../../src/digests/digests-config.ts';
import { createSilentLogger } from '../../src/log.ts';
import { createPgPoolDb } from '../../src/store/create-pg-pool-db.ts';
import type { Db } from '../../src/store/db.ts';
import { storeFromDb } from '../../src/store/open-store.ts';
import { dbBackends, type TestDatabase } from '../helpers/db-backends.ts';
import { createMicrosoftClient } from '../../src/microsoft/index.ts';
import { Secret } from '../../src/util/secret.ts';
import type { UnusedRow, View } from '../../src/views/index.ts';
import { advanceSandboxClock, oneAccount } from '../helpers/pax8-sandbox.ts';
import { expectKind, type IntentHarness, people, startIntentHarness } from '../intents/intent-harness.ts';

const config = digestsConfigSchema.parse({
  unused: { slack: 'C0LICENSES', teams: '19:licences@thread.tacv2', at: '08:00', timezone: 'Europe/London' },
  renewals: { slack: 'C0LICENSES', weekday: 'Monday', at: '08:00', timezone: 'Europe/London', days: 30 },
});

interface Post {
  replica: string;
  platform: string;
  conversationId: string;
  view: View;
}

describe.each(dbBackends)('digests on $name', (backend) => {
  let h: IntentHarness;
  let database: TestDatabase;
  const pools: Db[] = [];
  const posts: Post[] = [];
  let replicas: { name: string; tick: () => Promise<unknown> }[];

  beforeAll(async () => {
    database = await backend.create();
    // The sandbox starts on Monday 2 November 2026, 09:00 in London: both digests are due.
    h = await startIntentHarness({ pageSize: 1000, db: database.db });
    replicas = ['replica-a', 'replica-b'].map((name, i) => {
      // On PostgreSQL the second replica has a pool of its own; on PGlite both share the one database.
      const own = i > 0 && database.url ? createPgPoolDb(database.url) : undefined;
      if (own) pools.push(own);
      const store = own ? storeFromDb(own) : h.store;
      const engine = createApprovalsEngine({ store, pax8: h.pax8, accounts: oneAccount(h.pax8), policy: { roles: { admins: [...h.deps.policy.roles.admins], approvers: [...h.deps.policy.roles.approvers], requesters: [...h.deps.policy.roles.requesters] }, approvals: digestsPolicy }, clock: h.clock, log: createSilentLogger(), instanceId: name });
      const digests = createDigests({
        config,
        store,
        intents: h.deps,
        post: (platform, conversationId, view) => {
          posts.push({ replica: name, platform, conversationId, view });
          return Promise.resolve(`${name}-${posts.length}`);
        },
        clock: h.clock,
        log: createSilentLogger(),
        instanceId: name,
      });
      engine.scheduler.addPass('digests', () => digests.tick());
      return { name, tick: () => engine.scheduler.tick() };
    });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
    for (const pool of pools) await pool.close();
    await database?.dispose();
  });

  const digestsPolicy = { expiresAfter: 86_400_000, remindAfter: 14_400_000, selfApproval: false, secondApproverAbove: 5000, autoApprove: [] };
  const identity = (r: UnusedRow) => `${r.company.id}|${r.licence?.skuId ?? r.user?.upn}`;
  const numbers = (r: UnusedRow) => JSON.stringify([r.type, r.seats?.enabled, r.seats?.consumed, r.seats?.paid, r.reduceTo, r.user?.licences]);

  describe('digests', () => {
    let day1: Map<string, string>;

    it('posts each digest once across two replicas: the unused one to Slack and Teams, the renewals one to Slack', async () => {
      await Promise.all(replicas.map((r) => r.tick()));
      await Promise.all(replicas.map((r) => r.tick()));
      const unused = posts.filter((p) => p.view.kind === 'unusedList');
      expect(unused.map((p) => [p.platform, p.conversationId]).sort()).toEqual([['slack', 'C0LICENSES'], ['teams', '19:licences@thread.tacv2']]);
      expect(new Set(unused.map((p) => p.replica)).size).toBe(1);
      const view = expectKind(unused[0]?.view as View, 'unusedList');
      expect(view.digest).toBe(true);
      expect(view.items.length).toBeGreaterThan(10);
      // A digest in a channel offers Ignore to everyone; the click checks the role.
      expect(view.items.find((r) => r.type === 'surplus')?.actions.map((a) => a.label)).toContain('Ignore');

      const renewals = posts.filter((p) => p.view.kind === 'renewalList');
      expect(renewals.map((p) => [p.platform, p.conversationId])).toEqual([['slack', 'C0LICENSES']]);
      const list = expectKind(renewals[0]?.view as View, 'renewalList');
      expect(list.items.length).toBeGreaterThan(0);
      for (const row of list.items) expect(row.actions[0]).toEqual({ verb: 'choose', label: 'Schedule reduction', command: `seats ${row.subscriptionId}` });
      expect((await h.store.licenceFindings.digestRuns('unused')).map((r) => r.period)).toEqual(['2026-11-02']);
      expect((await h.store.licenceFindings.digestRuns('renewals')).map((r) => r.period)).toEqual(['2026-11-02']);
      day1 = new Map(expectKind(await h.ask('unused', people.admin), 'unusedList').items.map((r) => [identity(r), numbers(r)]));
    }, 120_000);

    it("shows only new or changed findings the next day, and the weekly renewals digest waits for Monday", async () => {
      // A licence is assigned in a tenant with unused seats: that finding's numbers change.
      const changed = [...expectKind(await h.ask('unused', people.admin), 'unusedList').items].find((r) => r.type === 'surplus' && (r.seats?.unused ?? 0) >= 2) as UnusedRow;
      const tenants = ((await (await fetch(`${h.sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: { tenantId: string; companyId: string }[] }).tenants;
      const app = h.sandbox.microsoft;
      const graph = createMicrosoftClient({ clientId: app.clientId, clientSecret: new Secret(app.clientSecret), loginUrl: app.loginUrl, graphBaseUrl: app.graphBaseUrl }).forTenant(tenants.find((t) => t.companyId === changed.company.id)?.tenantId ?? '');
      const domain = (await graph.organization()).verifiedDomains?.find((d) => d.isDefault)?.name;
      const user = await graph.users.create({ accountEnabled: true, displayName: 'Digest Starter', mailNickname: 'digest.starter', userPrincipalName: `digest.starter@${domain}`, usageLocation: 'US', passwordProfile: { password: 'Digest-Test-1!', forceChangePasswordNextSignIn: true } });
      await graph.users.assignLicense(user.id, { add: [{ skuId: changed.licence?.skuId ?? '' }] });

      const before = posts.length;
      await advanceSandboxClock(h.sandbox, 'P1D');
      await h.clock.sync();
      await Promise.all(replicas.map((r) => r.tick()));
      await Promise.all(replicas.map((r) => r.tick()));
      const next = posts.slice(before);
      expect(next.map((p) => p.view.kind)).toEqual(['unusedList', 'unusedList']);
      const view = expectKind(next[0]?.view as View, 'unusedList');
      const shown = [...view.items];
      expect(shown.map(identity)).toContain(identity(changed));
      expect(shown.find((r) => identity(r) === identity(changed))?.seats?.consumed).toBe((changed.seats?.consumed ?? 0) + 1);
      // Nothing that was said yesterday with the same numbers is said again.
      for (const row of shown) expect(day1.get(identity(row))).not.toBe(numbers(row));
      expect(shown.length + view.more).toBeLessThan(day1.size / 2);
      expect((await h.store.licenceFindings.digestRuns('unused')).map((r) => r.period)).toEqual(['2026-11-02', '2026-11-03']);
    }, 120_000);
  });
});
