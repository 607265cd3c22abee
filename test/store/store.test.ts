import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPgPoolDb } from '../../src/store/create-pg-pool-db.ts';
import { createPgliteDb } from '../../src/store/create-pglite-db.ts';
import { createSilentLogger } from '../../src/log.ts';
import { openStore } from '../../src/store/open-store.ts';
import { listMigrations, runMigrations } from '../../src/store/run-migrations.ts';
import { dbBackends, useSuiteStore } from '../helpers/db-backends.ts';
import { tenantLinkStoreFrom } from '../../src/intents/microsoft-side.ts';
import { createTenantLinks } from '../../src/intents/tenant-links.ts';

const t0 = new Date('2026-03-01T10:00:00Z');
const requester = { email: 'Rita@msp.example', platform: 'slack', userId: 'U1', displayName: 'Rita' };

describe.each(dbBackends)('store on $name', (backend) => {
  const suite = useSuiteStore(backend);

  const newRequest = (idempotencyKey?: string) => ({
    id: randomUUID(),
    kind: 'seats',
    payload: { subscriptionId: 's1', quantity: 3 },
    summary: 'Seats 5 -> 3',
    requester,
    monthlyCostDelta: -20,
    approvalsNeeded: 1,
    idempotencyKey,
    atRenewal: false,
    now: t0,
    expiresAt: new Date(t0.getTime() + 86_400_000),
  });

  it('applies migrations once, even when asked twice at the same time', async () => {
    const again = await Promise.all([runMigrations(suite.database.db), runMigrations(suite.database.db)]);
    expect(again).toEqual([[], []]);
    const rows = await suite.database.db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(listMigrations().map((m) => m.id));
  });

  it('inserts a request and returns the same one for a repeated idempotency key', async () => {
    const key = `evt-${randomUUID()}`;
    const first = await suite.store.requests.insert(newRequest(key));
    const second = await suite.store.requests.insert(newRequest(key));
    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, request: first.request });
    expect(first.request).toMatchObject({ state: 'pending', version: 1, requester, monthlyCostDelta: -20, approvedBy: [], approvalsNeeded: 1 });
    expect(await suite.store.requests.get('not-a-uuid')).toBeUndefined();
  });

  it('moves a request only when state and version still match (compare-and-set)', async () => {
    const { request } = await suite.store.requests.insert(newRequest());
    const cas = { id: request.id, from: ['pending'] as const, to: 'approved' as const, version: 1, now: t0, patch: { decidedBy: 'ann@msp.example' } };
    const results = await Promise.all([suite.store.requests.transition(cas), suite.store.requests.transition(cas)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const after = await suite.store.requests.get(request.id);
    expect(after).toMatchObject({ state: 'approved', version: 2, decidedBy: 'ann@msp.example' });
    expect(await suite.store.requests.transition({ ...cas, version: 2 })).toBeUndefined();
  });

  it('keeps one vote per person and request', async () => {
    const { request } = await suite.store.requests.insert(newRequest());
    const vote = { requestId: request.id, voterEmail: 'Ann@msp.example', decision: 'approve' as const, role: 'approver', at: t0 };
    expect(await suite.store.votes.add(vote)).toBe(true);
    expect(await suite.store.votes.add({ ...vote, voterEmail: 'ann@msp.example' })).toBe(false);
    expect(await suite.store.votes.forRequest(request.id)).toHaveLength(1);
  });

  it('records approvals on a pending request without changing its version', async () => {
    const { request } = await suite.store.requests.insert({ ...newRequest(), approvalsNeeded: 2 });
    expect(request).toMatchObject({ approvedBy: [], approvalsNeeded: 2 });
    const counted = await suite.store.requests.recordApprovals({ id: request.id, approvedBy: ['ann@msp.example'], approvalsNeeded: 2, now: t0 });
    expect(counted).toMatchObject({ state: 'pending', version: 1, approvedBy: ['ann@msp.example'], approvalsNeeded: 2 });
    await suite.store.requests.transition({ id: request.id, from: ['pending'], to: 'denied', now: t0 });
    expect(await suite.store.requests.recordApprovals({ id: request.id, approvedBy: ['ann@msp.example', 'bob@msp.example'], approvalsNeeded: 2, now: t0 })).toBeUndefined();
    expect(await suite.store.requests.get(request.id)).toMatchObject({ state: 'denied', approvedBy: ['ann@msp.example'] });
  });

  it('appends to the audit log and refuses to change it', async () => {
    const { request } = await suite.store.requests.insert(newRequest());
    await suite.store.audit.append({ requestId: request.id, at: t0, action: 'submitted', actorEmail: 'rita@msp.example', toState: 'pending' });
    const rows = await suite.store.audit.list({ requestId: request.id });
    expect(rows).toMatchObject([{ action: 'submitted', toState: 'pending', pax8Ids: [] }]);
    await expect(suite.database.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(suite.database.db.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/);
  });

  it('records card messages, conversation references and channel mappings', async () => {
    const { request } = await suite.store.requests.insert(newRequest());
    const msg = { requestId: request.id, platform: 'slack', conversationId: 'C1', messageId: '1700000000.000100' };
    await suite.store.chatRefs.addMessage(msg, t0);
    await suite.store.chatRefs.addMessage(msg, t0);
    await suite.store.chatRefs.addMessage({ ...msg, platform: 'teams', conversationId: '19:a@thread.tacv2', messageId: 'act-1' }, t0);
    expect(await suite.store.chatRefs.messagesFor(request.id)).toHaveLength(2);
    await suite.store.chatRefs.putConversation('teams', 'approvals', { conversation: { id: '19:a' } }, t0);
    await suite.store.chatRefs.putConversation('teams', 'approvals', { conversation: { id: '19:b' } }, t0);
    expect(await suite.store.chatRefs.getConversation('teams', 'approvals')).toEqual({ conversation: { id: '19:b' } });
    await suite.store.channelCompanies.set({ channel: 'slack:C1', companyId: 'c-1', companyName: 'Contoso' }, t0);
    expect(await suite.store.channelCompanies.get('slack:C1')).toEqual({ channel: 'slack:C1', companyId: 'c-1', companyName: 'Contoso' });
  });

  it('keeps a company\'s tenant link, the latest one winning, and remembers who set it and the domain typed', async () => {
    const company = randomUUID();
    expect(await suite.store.companyTenants.get(company)).toBeUndefined();
    await suite.store.companyTenants.set({ companyId: company, companyName: 'Contoso', account: undefined, tenantId: '6F1C2D3E-4A5B-4C6D-8E7F-9A0B1C2D3E4F', domain: undefined, setBy: 'admin@msp.example' }, t0);
    await suite.store.companyTenants.set({ companyId: company, companyName: 'Contoso', account: 'eu', tenantId: '7a1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f', domain: 'contoso.com', setBy: 'ada@msp.example' }, t0);
    expect(await suite.store.companyTenants.get(company)).toEqual({
      companyId: company, companyName: 'Contoso', account: 'eu', tenantId: '7a1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f', domain: 'contoso.com', setBy: 'ada@msp.example', updatedAt: t0,
    });
    expect((await suite.store.companyTenants.list()).filter((l) => l.companyId === company)).toHaveLength(1);
  });

  it('links companies to tenants through the store: a chat link wins over the config, survives a new process, and is found by tenant', async () => {
    const [chatCompany, configCompany] = [randomUUID(), randomUUID()];
    const [chatTenant, configTenant] = [randomUUID(), randomUUID()];
    const asked: string[] = [];
    const linksOver = () =>
      createTenantLinks({
        store: tenantLinkStoreFrom(suite.store),
        configured: [{ company: 'Config Co', tenant: 'config-co.onmicrosoft.com' }, { company: chatCompany, tenant: configTenant }],
        resolveTenantId: (domain) => {
          asked.push(domain);
          return Promise.resolve(domain === 'config-co.onmicrosoft.com' ? configTenant : undefined);
        },
      });
    const links = linksOver();
    expect(await links.find({ id: chatCompany, name: 'Chat Co', account: 'default' })).toEqual({ tenantId: configTenant, domain: undefined, source: 'config' });
    await links.set({ id: chatCompany, name: 'Chat Co', account: 'default' }, { tenantId: chatTenant, domain: 'chat-co.com' }, 'admin@msp.example', t0);
    // Another process (a replica, a restart) reads the same link from the database.
    expect(await linksOver().find({ id: chatCompany, name: 'Chat Co', account: 'default' })).toEqual({ tenantId: chatTenant, domain: 'chat-co.com', source: 'chat', setBy: 'admin@msp.example' });
    expect(await links.find({ id: configCompany, name: 'config co', account: 'default' })).toEqual({ tenantId: configTenant, domain: 'config-co.onmicrosoft.com', source: 'config' });
    expect(await links.find({ id: configCompany, name: 'Config Co', account: 'default' })).toMatchObject({ tenantId: configTenant });
    expect(asked).toEqual(['config-co.onmicrosoft.com']);
    expect(await links.companiesOf(chatTenant.toUpperCase())).toEqual([{ companyId: chatCompany, companyName: 'Chat Co' }]);
    expect(await links.companiesOf(configTenant)).toEqual([{ companyId: undefined, companyName: 'Config Co' }]);
  });

  it('records a Pax8 write attempt only while the request is executing at that version', async () => {
    const { request } = await suite.store.requests.insert(newRequest());
    const attempt = { attemptId: randomUUID(), requestId: request.id, version: 2, operation: 'PUT /subscriptions/{id}', sent: { quantity: 3 }, at: t0 };
    expect(await suite.store.writes.recordAttempt(attempt)).toBe(false);
    await suite.store.requests.transition({ id: request.id, from: ['pending'], to: 'executing', now: t0 });
    expect(await suite.store.writes.recordAttempt(attempt)).toBe(true);
    await suite.store.writes.recordResult({ attemptId: attempt.attemptId, outcome: 'ok', response: { quantity: 3 }, at: t0 });
    expect(await suite.store.writes.forRequest(request.id)).toMatchObject([{ outcome: 'ok', sent: { quantity: 3 }, response: { quantity: 3 } }]);
  });

  it('hands each due work item to one claimer only', async () => {
    const ids = await Promise.all([1, 2, 3, 4, 5, 6].map(async () => (await suite.store.requests.insert(newRequest())).request.id));
    for (const requestId of ids) await suite.store.work.put({ kind: 'remind', requestId, runAt: t0 });
    const now = new Date(t0.getTime() + 1000);
    const claims = await Promise.all([suite.store.claimDueWork(now, 60_000, 4), suite.store.claimDueWork(now, 60_000, 4)]);
    const claimed = claims.flat().filter((w) => ids.includes(w.requestId));
    expect(new Set(claimed.map((w) => w.id)).size).toBe(claimed.length);
    expect(claimed).toHaveLength(6);
    expect((await suite.store.claimDueWork(now, 60_000)).filter((w) => ids.includes(w.requestId))).toEqual([]);
    const later = new Date(now.getTime() + 61_000);
    expect((await suite.store.claimDueWork(later, 60_000)).filter((w) => ids.includes(w.requestId))).toHaveLength(6);
  });

  it('opens the configured backend, migrates it, and keeps data across a reopen', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pax8-store-'));
    const options = { dataDir, log: createSilentLogger(), ...(suite.database.url ? { databaseUrl: suite.database.url } : {}) };
    try {
      const first = await openStore(options);
      expect(first.db.backend).toBe(backend.name);
      await first.channelCompanies.set({ channel: 'teams:19:x', companyId: 'c-9' }, t0);
      await first.close();
      const second = await openStore(options);
      expect(await second.channelCompanies.get('teams:19:x')).toMatchObject({ companyId: 'c-9' });
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.runIf(backend.name === 'postgres')('lets two replicas migrate a fresh database at once', async () => {
    const fresh = await backend.create();
    await fresh.db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    const a = createPgPoolDb(fresh.url ?? '');
    const b = createPgPoolDb(fresh.url ?? '');
    try {
      const [ra, rb] = await Promise.all([runMigrations(a), runMigrations(b)]);
      expect([...ra, ...rb]).toEqual(listMigrations().map((m) => m.id));
    } finally {
      await Promise.all([a.close(), b.close()]);
      await fresh.dispose();
    }
  });
});

describe('migration 0004 (approvals on the request)', () => {
  it('fills approvedBy from the votes cast before it, and counts a pending request with one approval as needing two', async () => {
    const db = await createPgliteDb('memory://');
    try {
      const migrations = listMigrations();
      const before = migrations.filter((m) => m.id < '0004');
      await runMigrations(db, before);
      const insert = async (state: string) => {
        const id = randomUUID();
        await db.query(
          `INSERT INTO approval_requests (id, kind, payload, summary, state, requester_email, requester, created_at, updated_at, expires_at)
           VALUES ($1, 'seats', '{}', 's', $2, 'rita@msp.example', '{}', $3, $3, $3)`,
          [id, state, t0],
        );
        return id;
      };
      const waiting = await insert('pending');
      const done = await insert('succeeded');
      const fresh = await insert('pending');
      const vote = `INSERT INTO approval_votes (request_id, voter_email, decision, role, cast_at) VALUES ($1, $2, 'approve', 'approver', $3)`;
      await db.query(vote, [waiting, 'ann@msp.example', t0]);
      await db.query(vote, [done, 'bob@msp.example', t0]);
      await runMigrations(db, migrations);
      const rows = await db.query<{ id: string; approved_by: string[]; approvals_needed: number }>('SELECT id, approved_by, approvals_needed FROM approval_requests');
      const byId = new Map(rows.map((r) => [r.id, { approvedBy: r.approved_by, needed: r.approvals_needed }]));
      expect(byId.get(waiting)).toEqual({ approvedBy: ['ann@msp.example'], needed: 2 });
      expect(byId.get(done)).toEqual({ approvedBy: ['bob@msp.example'], needed: 1 });
      expect(byId.get(fresh)).toEqual({ approvedBy: [], needed: 1 });
    } finally {
      await db.close();
    }
  });
});

describe('migration 0005 (evidence of Pax8 writes)', () => {
  it('credits each order of a done buy to one attempt, even when two requests were credited the same order before', async () => {
    const db = await createPgliteDb('memory://');
    try {
      const migrations = listMigrations();
      await runMigrations(db, migrations.filter((m) => m.id < '0005'));
      const request = async (kind: string, state: string, pax8Ids: string[]) => {
        const id = randomUUID();
        await db.query(
          `INSERT INTO approval_requests (id, kind, payload, summary, state, requester_email, requester, created_at, updated_at, expires_at, pax8_ids)
           VALUES ($1, $2, '{}', 's', $3, 'rita@msp.example', '{}', $4, $4, $4, $5)`,
          [id, kind, state, t0, JSON.stringify(pax8Ids)],
        );
        const attempt = randomUUID();
        await db.query(`INSERT INTO pax8_writes (attempt_id, request_id, operation, sent, sent_at, outcome) VALUES ($1, $2, 'POST /orders', '{}', $3, 'ok')`, [attempt, id, t0]);
        return attempt;
      };
      const placed = await request('buy', 'succeeded', ['order-1', 'sub-1']);
      // The old resolver could credit the same order to a second request; only one keeps it.
      const creditedTwice = await request('buy', 'succeeded', ['order-1']);
      const failed = await request('buy', 'failed', []);
      const seats = await request('seats', 'succeeded', ['sub-9']);
      await runMigrations(db, migrations);
      const rows = await db.query<{ attempt_id: string; evidence: string | null }>('SELECT attempt_id, evidence FROM pax8_writes');
      const evidence = new Map(rows.map((r) => [r.attempt_id, r.evidence]));
      expect([evidence.get(placed), evidence.get(creditedTwice)].sort()).toEqual(['order:order-1', null].sort());
      expect(evidence.get(failed)).toBeNull();
      expect(evidence.get(seats)).toBeNull();
      const columns = await db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'approval_requests' AND column_name = 'account'`);
      expect(columns).toHaveLength(1);
    } finally {
      await db.close();
    }
  });
});
