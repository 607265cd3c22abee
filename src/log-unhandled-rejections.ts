import type { Logger } from './log.ts';

/**
 * A promise rejected with no handler ends a Node process (Node 15 and later). Every Slack and Teams
 * handler catches its own faults, answers the user and logs once; a rejection that still escapes
 * is a bug, but ending the process for it would drop every other conversation in flight and the
 * answers of requests already acknowledged. So `serve` logs it as an error, stack included, and
 * keeps serving. Returns the function that stops listening.
 *
 * @see https://nodejs.org/api/process.html#event-unhandledrejection
 */
export function logUnhandledRejections(events: Pick<NodeJS.Process, 'on' | 'off'>, log: Logger): () => void {
  const onRejection = (reason: unknown) => {
    log.error({ err: reason }, 'a promise was rejected and nothing handled it; the bot keeps running');
  };
  events.on('unhandledRejection', onRejection);
  return () => void events.off('unhandledRejection', onRejection);
}
