/** Options of `startSandbox`; every one has a default so `startSandbox()` just works. */
export interface SandboxOptions {
  host?: string;
  port?: number;
  seed?: number;
  companies?: number;
  latencyMs?: number;
  failRate?: number;
  rateLimit?: number;
  clientId?: string;
  clientSecret?: string;
  now?: string;
}

export type ResolvedSandboxOptions = Required<Omit<SandboxOptions, 'now'>> & { nowMs: number };

export const sandboxDefaults = {
  host: '127.0.0.1',
  port: 4010,
  seed: 1,
  companies: 25,
  latencyMs: 0,
  failRate: 0,
  rateLimit: 1000,
  clientId: 'sandbox',
  clientSecret: 'sandbox',
} as const;

/** Fills defaults and checks ranges; `now` defaults to the current time. */
export function resolveSandboxOptions(options: SandboxOptions, currentMs: number): ResolvedSandboxOptions {
  const nowMs = options.now === undefined ? currentMs : Date.parse(options.now);
  if (Number.isNaN(nowMs)) throw new RangeError(`now is not an ISO time: ${options.now ?? ''}`);
  const resolved = { ...sandboxDefaults, ...stripUndefined(options), nowMs };
  if (!Number.isInteger(resolved.companies) || resolved.companies < 0) throw new RangeError('companies must be a whole number >= 0');
  if (resolved.failRate < 0 || resolved.failRate > 1) throw new RangeError('failRate must be between 0 and 1');
  return resolved;
}

function stripUndefined(options: SandboxOptions): Partial<Omit<SandboxOptions, 'now'>> {
  const { now: _now, ...rest } = options;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}
