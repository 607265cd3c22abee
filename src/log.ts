import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type * as PinoPrettyModule from 'pino-pretty';

export type { Logger };

/**
 * The process logger. Credentials never reach it: any field with a secret-looking name is censored,
 * and error messages are redacted where they are created (see `AppError`).
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'pax8-chatops' },
      redact: {
        paths: [
          '*.clientSecret',
          '*.client_secret',
          '*.access_token',
          '*.password',
          '*.token',
          '*.authorization',
          '*.headers.authorization',
          'headers.authorization',
          '*.signingSecret',
          '*.botToken',
        ],
        censor: '[redacted]',
      },
    },
    options.destination ? (options.destination as pino.DestinationStream) : defaultDestination(),
  );
}

/**
 * JSON lines for log collectors; readable, coloured lines when a person watches a terminal (the
 * first `npm start` on a laptop). Secrets are censored before either sees a line.
 */
function defaultDestination(): pino.DestinationStream {
  if (!process.stdout.isTTY) return process.stdout;
  // Loaded only for a terminal: a server writing JSON lines never holds pino-pretty in memory.
  const { PinoPretty } = createRequire(import.meta.url)('pino-pretty') as typeof PinoPrettyModule;
  return PinoPretty({ colorize: true, ignore: 'pid,hostname,app', translateTime: 'SYS:HH:MM:ss', singleLine: true });
}

/** A logger that drops everything, for tests and benchmarks that do not look at logs. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
