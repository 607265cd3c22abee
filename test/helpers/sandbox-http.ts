import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.ts';

/**
 * A JSON document from the sandbox, typed loosely for assertions: the fields tests read are typed,
 * anything else is `unknown`. Tests check shapes with expectations (and the schema test with ajv).
 */
export interface Wire {
  [key: string]: unknown;
  id: string;
  name: string;
  status: string | number;
  companyId: string;
  productId: string;
  subscriptionId: string;
  quantity: number;
  total: number;
  amountDue: number;
  cost: number;
  invoiceDate: string;
  vendorName: string;
  billingTerm: string;
  selfServiceAllowed: boolean;
  startDate: string;
  endDate: string;
  access_token: string;
  key: string;
  term: string;
  type: string;
  address: { country: string };
  commitment: { id: string; term: string; endDate: string };
  content: Wire[];
  page: { size: number; totalElements: number; totalPages: number; number: number };
  errors: string[];
  details: { message: string }[];
  message: string;
  lineItems: Wire[];
  commitmentDependencies: Wire[];
  writes: Wire[];
  rules: Wire[];
  discrepancies: Wire[];
  discrepancy: Wire;
  now: string;
  method: string;
  path: string;
  body: Wire;
  isMock: boolean;
  responseLost: boolean;
  requests: number;
  http429: number;
  byRoute: Record<string, number>;
}

/** A started sandbox plus a tiny fetch wrapper that holds a token, for the sandbox tests. */
export interface SandboxHarness {
  sandbox: Sandbox;
  token: string;
  api(method: string, path: string, body?: unknown, init?: RequestInit): Promise<{ status: number; body: Wire; headers: Headers }>;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Wire }>;
  fetchToken(overrides?: Record<string, string>): Promise<{ status: number; body: Wire }>;
  /** Moves the sandbox clock and takes a fresh token (the old one may have expired). */
  advanceClock(duration: string): Promise<void>;
  close(): Promise<void>;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

export async function startSandboxHarness(options: SandboxOptions = {}): Promise<SandboxHarness> {
  const sandbox = await startSandbox({ port: 0, now: '2025-06-15T10:00:00Z', ...options });
  const fetchToken = async (overrides: Record<string, string> = {}) => {
    const response = await fetch(sandbox.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: sandbox.clientId, client_secret: sandbox.clientSecret, audience: sandbox.audience, grant_type: 'client_credentials', ...overrides }),
    });
    return { status: response.status, body: (await readJson(response)) as Wire };
  };
  const harness: SandboxHarness = {
    sandbox,
    token: '',
    async api(method, path, body, init = {}) {
      const response = await fetch(`${sandbox.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${harness.token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        ...init,
      });
      return { status: response.status, body: (await readJson(response)) as Wire, headers: response.headers };
    },
    async admin(method, path, body) {
      const response = await fetch(`${sandbox.url}/__sandbox${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: response.status, body: (await readJson(response)) as Wire };
    },
    fetchToken,
    async advanceClock(duration) {
      await harness.admin('POST', '/clock', { advance: duration });
      harness.token = (await fetchToken()).body.access_token;
    },
    close: () => sandbox.close(),
  };
  const token = await fetchToken();
  harness.token = token.body.access_token;
  return harness;
}

/** The first element, or a test failure saying the list was empty. */
export function first<T>(items: readonly T[] | undefined): T {
  const item = items?.[0];
  if (item === undefined) throw new Error('expected a non-empty list');
  return item;
}
