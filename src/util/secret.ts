import { inspect } from 'node:util';

/**
 * A credential that cannot be printed by accident: `String()`, `JSON.stringify()`, template literals,
 * `console.log` and pino all see `[redacted]`. Only `reveal()` gives the value, at the one place that
 * sends it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}

/**
 * Replaces every occurrence of the given secret values (a client secret, a bearer token, a
 * temporary password) in `text` with `[redacted]`: a server that echoes a credential back in an
 * error must not carry it into a message or a log line. Empty values are ignored.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => (secret ? out.split(secret).join('[redacted]') : out), text);
}
