import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { startSandbox, type Sandbox, type SandboxAddress } from '../../src/sandbox/index.ts';
import { collect, createPax8Client, type Pax8Client, type Pax8ClientOptions, type Subscription } from '../../src/pax8/index.ts';
import { Secret } from '../../src/util/secret.ts';

export { startSandbox, type Sandbox };

/** A client pointed at a running sandbox. */
export function clientFor(sandbox: SandboxAddress, overrides: Partial<Pax8ClientOptions> = {}): Pax8Client {
  return createPax8Client({
    baseUrl: sandbox.baseUrl,
    tokenUrl: sandbox.tokenUrl,
    audience: sandbox.audience,
    clientId: sandbox.clientId,
    clientSecret: new Secret(sandbox.clientSecret),
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    ...overrides,
  });
}

/** Counts what the client logged: API requests by status and token fetches. */
export interface RequestCounter {
  readonly log: Logger;
  requests(): number;
  tokens(): number;
  withStatus(status: number): number;
  /** Durations of the API requests, in the order they finished. */
  durations(): number[];
}

/** A debug logger that counts the client's per-request lines instead of printing them. */
export function countingLogger(): RequestCounter {
  const statuses: number[] = [];
  const durations: number[] = [];
  let tokens = 0;
  let pending = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line) continue;
        const entry = JSON.parse(line) as { msg?: string; status?: number; ms?: number };
        if (entry.msg === 'pax8 request') durations.push(entry.ms ?? 0);
        if (entry.msg === 'pax8 token') tokens += 1;
        else if (entry.msg === 'pax8 request' || entry.msg === 'pax8 request failed') statuses.push(entry.status ?? 0);
      }
      done();
    },
  });
  const log = pino({ level: 'debug' }, sink);
  return {
    log,
    requests: () => statuses.length,
    tokens: () => tokens,
    withStatus: (status) => statuses.filter((s) => s === status).length,
    durations: () => [...durations],
  };
}

/** Reads the sandbox's write log (`GET /__sandbox/writes`). */
export async function sandboxWrites(sandbox: SandboxAddress): Promise<{ method: string; path: string; body: unknown; status: number; query?: unknown }[]> {
  const response = await fetch(`${sandbox.url}/__sandbox/writes`);
  const json = (await response.json()) as { writes: { method: string; path: string; body: unknown; status: number }[] };
  return json.writes;
}

/** Arms a fault (`POST /__sandbox/faults`). */
export async function injectFault(sandbox: SandboxAddress, fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) });
  if (!response.ok) throw new Error(`fault not accepted: ${response.status} ${await response.text()}`);
}

/** Clears every fault. */
export async function clearFaults(sandbox: SandboxAddress): Promise<void> {
  const response = await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'DELETE' });
  if (!response.ok) throw new Error(`faults not cleared: ${response.status}`);
}

/** Moves the sandbox's clock (`{"advance": "P8D"}`). */
export async function advanceSandboxClock(sandbox: SandboxAddress, advance: string): Promise<void> {
  const response = await fetch(`${sandbox.url}/__sandbox/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance }) });
  if (!response.ok) throw new Error(`clock not moved: ${response.status}`);
}

/** One client as the bot's only Pax8 account, named as `npm start` names the sandbox's. */
export function oneAccount(client: Pax8Client, name = 'sandbox'): { readonly names: readonly string[]; get(account?: string): Pax8Client } {
  return {
    names: [name],
    get(account) {
      if (account !== undefined && account !== name) throw new Error(`unknown Pax8 account "${account}"`);
      return client;
    },
  };
}

/**
 * Makes an Active company in the sandbox through its Pax8 API (`POST /companies`, with the three
 * primary contacts an order needs), for tests that need a name the seed does not have. Returns its id.
 */
export async function createSandboxCompany(sandbox: SandboxAddress, name: string): Promise<string> {
  const tokenAnswer = await fetch(sandbox.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: sandbox.clientId, client_secret: sandbox.clientSecret, audience: sandbox.audience, grant_type: 'client_credentials' }),
  });
  const { access_token: token } = (await tokenAnswer.json()) as { access_token: string };
  const contact = { firstName: 'Ada', lastName: 'Admin', email: 'ada@company.example', phone: '303-555-0101', types: ['Admin', 'Billing', 'Technical'].map((type) => ({ type, primary: true })) };
  const address = { street: '1 Main St', city: 'Denver', stateOrProvince: 'CO', postalCode: '80202', country: 'US' };
  const company = { name, address, phone: '303-555-0100', website: 'company.example', billOnBehalfOfEnabled: false, selfServiceAllowed: false, orderApprovalRequired: false, contacts: [contact] };
  const created = await fetch(`${sandbox.baseUrl}/companies`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(company) });
  const body = (await created.json()) as { id?: string; name?: string; status?: string };
  if (!created.ok || body.id === undefined || body.name !== name || body.status !== 'Active') throw new Error(`the sandbox did not make "${name}" an Active company: ${created.status} ${JSON.stringify(body)}`);
  return body.id;
}

/**
 * An active subscription without a commitment and with more than 2 seats, that `subs <company>`
 * shows on its first page (rows by product name, 10 a page): one a list-row button test can click.
 */
export async function subscriptionOnFirstPage(reads: Pick<Pax8Client, 'subscriptions'>): Promise<Subscription> {
  for await (const s of reads.subscriptions.list({ status: 'Active' })) {
    if (s.commitment || (s.quantity ?? 0) <= 2 || !s.companyId) continue;
    const siblings = await collect(reads.subscriptions.list({ companyId: s.companyId }));
    siblings.sort((a, b) => (a.productName ?? '').localeCompare(b.productName ?? '') || a.id.localeCompare(b.id));
    if (siblings.findIndex((o) => o.id === s.id) < 10) return s;
  }
  throw new Error('no subscription without commitment on the first page of its company');
}
