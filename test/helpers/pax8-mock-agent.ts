import { MockAgent } from 'undici';
import type { Logger } from 'pino';
import { createSilentLogger } from '../../src/log.ts';
import { createPax8Client, unlimitedRateBudget, type Pax8Client, type Pax8ClientOptions } from '../../src/pax8/index.ts';
import { Secret } from '../../src/util/secret.ts';

export const origin = 'https://pax8.test';
export const clientSecretValue = 'cs-very-secret-value-123';

/** A recorded call seen by the fake Pax8. */
export interface SeenCall {
  method: string;
  path: string;
  body: unknown;
  authorization: string | undefined;
}

/**
 * An undici `MockAgent` standing in for Pax8: the token route hands out `token-1`, `token-2`, ...
 * (counted in `tokenRequests`), every call is recorded in `calls`, and tests add API interceptors.
 */
export function createFakePax8(options: { expiresIn?: number } = {}): {
  agent: MockAgent;
  pool: ReturnType<MockAgent['get']>;
  calls: SeenCall[];
  tokenRequests: () => number;
} {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(origin);
  const calls: SeenCall[] = [];
  let tokens = 0;
  pool
    .intercept({ path: '/v1/token', method: 'POST' })
    .reply(() => {
      tokens += 1;
      return { statusCode: 200, data: { access_token: `token-${tokens}`, expires_in: options.expiresIn ?? 86_400, token_type: 'Bearer' } };
    })
    .persist();
  return { agent, pool, calls, tokenRequests: () => tokens };
}

/** A client wired to the fake, fast retries and no client-side limiter unless overridden. */
export function createTestClient(agent: MockAgent, overrides: Partial<Pax8ClientOptions> & { log?: Logger } = {}): Pax8Client {
  return createPax8Client({
    baseUrl: `${origin}/v1`,
    tokenUrl: `${origin}/v1/token`,
    audience: 'https://api.pax8.com',
    clientId: 'client-id-1',
    clientSecret: new Secret(clientSecretValue),
    dispatcher: agent,
    log: createSilentLogger(),
    rateBudget: unlimitedRateBudget,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  });
}

/** Records a call made to the fake for later assertions. */
export function record(calls: SeenCall[], opts: { method: string; path: string; body?: unknown; headers?: unknown }): void {
  const headers = (opts.headers ?? {}) as Record<string, string | undefined>;
  const body = typeof opts.body === 'string' ? (JSON.parse(opts.body) as unknown) : undefined;
  calls.push({ method: opts.method, path: opts.path, body, authorization: headers.authorization });
}

/**
 * A page body as Pax8 sends it, its paging consistent with `content`: pages of `size` items (by
 * default as many as this one holds), this one the `number`th of `totalPages`, every page full but
 * possibly the last.
 */
export function pageOf<T>(content: T[], number: number, totalPages: number, size = Math.max(1, content.length)): { content: T[]; page: Record<string, number> } {
  const lastPageItems = number === totalPages - 1 ? content.length : size;
  return { content, page: { size, totalElements: (totalPages - 1) * size + lastPageItems, totalPages, number } };
}
