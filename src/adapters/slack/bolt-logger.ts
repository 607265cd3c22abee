import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../log.ts';

/**
 * The Web API client logs, at debug, the body of every call and of every answer: what the bot posts,
 * private messages included (a temporary password sent to a requester's DM), and Slack's echo of it.
 * Only their size is kept.
 */
const bodyLine = /^(http request (?:body|result)): /;

function withoutBodies(text: string): string {
  const kind = bodyLine.exec(text)?.[1];
  return kind ? `${kind}: ${text.length - kind.length - 2} characters, not logged (it holds what the bot posts, private messages included)` : text;
}

/** Bolt's log lines into the bot's pino logger, so there is one log stream with one format. */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  let name = 'bolt';
  const line = (parts: unknown[]) => withoutBodies(parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' '));
  return {
    debug: (...parts: unknown[]) => log.debug({ component: name }, line(parts)),
    info: (...parts: unknown[]) => log.info({ component: name }, line(parts)),
    warn: (...parts: unknown[]) => log.warn({ component: name }, line(parts)),
    error: (...parts: unknown[]) => log.error({ component: name }, line(parts)),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: (next) => void (name = next),
  };
}
