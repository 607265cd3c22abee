import { pino, type Logger } from 'pino';

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
    (options.destination ?? process.stdout) as pino.DestinationStream,
  );
}

/** A logger that drops everything, for tests and benchmarks that do not look at logs. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
