import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../log.ts';

/**
 * The Web API client's debug lines that quote what was sent or answered (`http request body: …`,
 * `http request result: …`): a message's text may carry a temporary password sent privately, so
 * only their label is logged.
 */
const quotesContent = /^(http request body|http request result):/;

/** Bolt's log lines into the bot's pino logger, so there is one log stream with one format. */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  let name = 'bolt';
  const line = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  const withoutContent = (text: string) => {
    const label = quotesContent.exec(text)?.[1];
    return label ? `${label}: (not logged: it may quote a message)` : text;
  };
  return {
    debug: (...parts: unknown[]) => log.debug({ component: name }, withoutContent(line(parts))),
    info: (...parts: unknown[]) => log.info({ component: name }, line(parts)),
    warn: (...parts: unknown[]) => log.warn({ component: name }, line(parts)),
    error: (...parts: unknown[]) => log.error({ component: name }, line(parts)),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: (next) => void (name = next),
  };
}
