import type { Logger } from '../log.ts';
import type { Clock } from './clock.ts';

export interface FollowingClock extends Clock {
  /** Reads the remote clock now (e.g. right after advancing it) instead of waiting for the next poll. */
  sync(): Promise<void>;
  stop(): void;
}

/**
 * A clock that follows the sandbox clock (`GET /__sandbox/clock`), so that advancing the sandbox by
 * eight days also moves the bot's scheduler eight days: renewal windows and expiry can be watched
 * on the local console and tested end to end. It keeps an offset from local time and refreshes it
 * every `pollMs`; between polls it runs at the local rate, as the sandbox clock does.
 */
export async function createFollowingClock(sandboxUrl: string, options: { pollMs?: number; log?: Logger } = {}): Promise<FollowingClock> {
  let offsetMs = 0;
  const endpoint = new URL('/__sandbox/clock', sandboxUrl);

  async function sync(): Promise<void> {
    const response = await fetch(endpoint, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`sandbox clock answered ${response.status}`);
    const body = (await response.json()) as { now?: unknown };
    const remote = typeof body.now === 'string' ? Date.parse(body.now) : Number.NaN;
    if (Number.isNaN(remote)) throw new Error('sandbox clock answered without a valid "now"');
    offsetMs = remote - Date.now();
  }

  await sync();
  const timer = setInterval(() => {
    sync().catch((error: unknown) => options.log?.warn({ err: error }, 'could not read the sandbox clock; keeping the last offset'));
  }, options.pollMs ?? 1_000);
  timer.unref();

  return {
    now: () => new Date(Date.now() + offsetMs),
    sync,
    stop: () => clearInterval(timer),
  };
}
