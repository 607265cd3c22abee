import { expect } from 'vitest';
import { createApprovalsEngine } from '../../src/approvals/index.ts';
import { configFileSchema } from '../../src/config-file.ts';
import { createResolver, handleCardAction, handleCommand, type IntentDeps, intentStoreFrom, approvalsPortFrom } from '../../src/intents/index.ts';
import type { Actor, ChannelRef, RequestContext } from '../../src/intents/index.ts';
import { createSilentLogger } from '../../src/log.ts';
import { createPgliteDb } from '../../src/store/create-pglite-db.ts';
import type { Db } from '../../src/store/db.ts';
import { storeFromDb } from '../../src/store/open-store.ts';
import { runMigrations } from '../../src/store/run-migrations.ts';
import { createFollowingClock } from '../../src/util/create-following-clock.ts';
import { type View, viewSchema } from '../../src/views/index.ts';
import { slackMessageFor } from '../../src/adapters/slack/render-for-slack.ts';
import { approvalCardFor } from '../../src/cards/approval-card-for.ts';
import { cardForView } from '../../src/cards/expand-card.ts';
import { readOnlyViewer } from '../../src/cards/present/approval-card-data.ts';
import { clientFor, oneAccount, startSandbox } from '../helpers/pax8-sandbox.ts';
import { createMicrosoftSide, microsoftNotConfigured, tenantSeatsFrom } from '../../src/intents/microsoft-side.ts';
import type { ProductCatalogue } from '../../src/intents/pax8-sku-links.ts';
import type { MicrosoftSide, Pax8Accounts } from '../../src/intents/ports.ts';
import { createMicrosoftClient } from '../../src/microsoft/index.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import type { Store } from '../../src/store/index.ts';
import type { Clock } from '../../src/util/clock.ts';
import { Secret } from '../../src/util/secret.ts';

/**
 * People in the test policy: one admin, two approvers, and a technician (requesters: "*"). Each is
 * as an adapter gives them for a click: the platform was just asked who they are (`fresh`).
 */
export const people = {
  admin: { userId: 'U_ADMIN', email: 'admin@msp.example', displayName: 'Ada Admin', platform: 'slack', identity: 'fresh' },
  ann: { userId: 'U_ANN', email: 'ann@msp.example', displayName: 'Ann Approver', platform: 'teams', identity: 'fresh' },
  bob: { userId: 'U_BOB', email: 'bob@msp.example', displayName: 'Bob Approver', platform: 'slack', identity: 'fresh' },
  tech: { userId: 'U_TECH', email: 'tech@msp.example', displayName: 'Tim Tech', platform: 'slack', identity: 'fresh' },
  anonymous: { userId: 'U_ANON', platform: 'slack', identity: 'fresh' },
} as const satisfies Record<string, Actor>;

export const channels = {
  general: { platform: 'slack', id: 'C0GENERAL', isPersonal: false },
  contoso: { platform: 'slack', id: 'C0MAPPED', isPersonal: false },
  dm: { platform: 'teams', id: 'a:1dm', isPersonal: true },
} as const satisfies Record<string, ChannelRef>;

/** The sandbox's clock starts here; the seeded data is laid out relative to it. */
export const sandboxStart = '2026-11-02T09:00:00Z';

let events = 0;

/**
 * The whole intent layer over real parts: the Pax8 sandbox over HTTP, the real client, the real
 * approvals engine on in-memory PGlite. `ask` types a command and returns the final view, checking
 * that both the immediate and the final view satisfy the view contract.
 */
/**
 * The Microsoft side over the sandbox's tenants: `seeded` links each seeded tenant to its company
 * (as `npm start` does with nothing configured), `unlinked` links none, `off` is a bot without the
 * Microsoft app.
 */
async function microsoftFor(sandbox: Sandbox, store: Store, pax8: Pax8Accounts, clock: Clock, mode: 'seeded' | 'unlinked' | 'off', products: ProductCatalogue): Promise<MicrosoftSide> {
  if (mode === 'off') return microsoftNotConfigured({ pax8, clock, products });
  const app = sandbox.microsoft;
  const client = createMicrosoftClient({ clientId: app.clientId, clientSecret: new Secret(app.clientSecret), loginUrl: app.loginUrl, graphBaseUrl: app.graphBaseUrl });
  const tenants = ((await (await fetch(`${sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: { tenantId: string; companyId: string }[] }).tenants;
  const configured = mode === 'seeded' ? tenants.map((t) => ({ company: t.companyId, tenant: t.tenantId })) : [];
  return createMicrosoftSide({ client, store, configured, pax8, clock, products });
}

export async function startIntentHarness(options: { mappings?: { channel: string; company: string }[]; pageSize?: number; microsoft?: 'seeded' | 'unlinked' | 'off'; db?: Db } = {}) {
  // The database first: its start-up is slow, and a keep-alive socket opened by the clock's first
  // read would be closed by the server meanwhile (undici then reports ECONNRESET on its next use).
  // A database given by the caller (migrated, e.g. PostgreSQL) stays the caller's to close.
  const db = options.db ?? (await createPgliteDb('memory://'));
  if (!options.db) await runMigrations(db);
  const sandbox = await startSandbox({ port: 0, seed: 7, companies: 30, now: sandboxStart });
  const pax8 = clientFor(sandbox);
  const clock = await createFollowingClock(sandbox.url, { pollMs: 60_000 });
  const store = storeFromDb(db);
  const file = configFileSchema.parse({
    roles: { admins: ['admin@msp.example'], approvers: ['ann@msp.example', 'bob@msp.example'], requesters: ['*'] },
    approvals: { secondApproverAbove: 5000 },
    mappings: options.mappings ?? [],
  });
  const log = process.env.INTENT_TEST_LOG ? (await import('../../src/log.ts')).createLogger({ level: 'debug', destination: process.stderr }) : createSilentLogger();
  const accounts = oneAccount(pax8);
  const resolver = createResolver({ pax8: accounts, clock, log });
  const microsoft = await microsoftFor(sandbox, store, accounts, clock, options.microsoft ?? 'seeded', (account) => resolver.products(account));
  const engine = createApprovalsEngine({ store, pax8, accounts, policy: { roles: file.roles, approvals: file.approvals }, clock, log, tenants: tenantSeatsFrom(microsoft) });
  const deps: IntentDeps = {
    pax8: accounts,
    approvals: approvalsPortFrom(engine, store),
    store: intentStoreFrom(store),
    clock,
    log,
    policy: { roles: file.roles, approvals: { selfApproval: file.approvals.selfApproval }, mappings: file.mappings, ...(options.pageSize ? { pageSize: options.pageSize } : {}) },
    resolver,
    microsoft,
  };
  const context = (actor: Actor, channel: ChannelRef): RequestContext => ({ actor, channel, eventId: `ev-${(events += 1)}` });

  async function settle(result: { now: View; later?: Promise<View> }): Promise<View> {
    viewSchema.parse(result.now);
    expect(whatUsersSee(result.now).slack.length).toBeGreaterThan(0);
    const final = result.later ? await result.later : result.now;
    viewSchema.parse(final);
    expect(whatUsersSee(final).slack.length).toBeGreaterThan(0);
    return final;
  }

  return {
    sandbox,
    pax8,
    deps,
    engine,
    store,
    clock,
    context,
    ask: (text: string, actor: Actor = people.tech, channel: ChannelRef = channels.general) => settle(handleCommand(text, context(actor, channel), deps)),
    click: (payload: unknown, actor: Actor = people.ann, channel: ChannelRef = channels.general) => settle(handleCardAction(payload, context(actor, channel), deps)),
    /** Every write the sandbox received, in order (the dry run included). */
    async writes(): Promise<{ method: string; path: string }[]> {
      const response = await fetch(`${sandbox.url}/__sandbox/writes`);
      const body = (await response.json()) as { writes: { method: string; path: string }[] };
      return body.writes;
    },
    async close() {
      clock.stop();
      if (!options.db) await store.close();
      await sandbox.close();
    },
  };
}

export type IntentHarness = Awaited<ReturnType<typeof startIntentHarness>>;

/** Narrows a view to one kind, failing the test with the view's text otherwise. */
export function expectKind<K extends View['kind']>(view: View, kind: K): Extract<View, { kind: K }> {
  if (view.kind !== kind) throw new Error(`expected a ${kind} view, got ${view.kind}: ${whatUsersSee(view).slack}`);
  return view as Extract<View, { kind: K }>;
}

/**
 * What people receive for a view: the Teams card as posted (expanded Adaptive Card, read-only for an
 * approval card) and the Slack message (its notification text and blocks), each as text to search.
 */
export function whatUsersSee(view: View): { teams: string; slack: string } {
  const card = view.kind === 'approvalRequest' ? approvalCardFor(view, readOnlyViewer) : cardForView(view);
  const slack = slackMessageFor(view);
  return { teams: JSON.stringify(card), slack: `${slack.text}\n${JSON.stringify(slack.blocks)}` };
}
