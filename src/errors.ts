/**
 * One error base for faults. Expected outcomes (a refused approval, an unknown company) are plain
 * result unions, not exceptions; these classes are for things that went wrong.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'config_invalid'
  | 'pax8_http'
  | 'pax8_schema'
  | 'pax8_auth'
  | 'pax8_rate_limited'
  | 'pax8_network'
  | 'pax8_outcome_unknown'
  | 'entra_token'
  | 'graph_http'
  | 'graph_schema'
  | 'graph_rate_limited'
  | 'graph_network'
  | 'graph_outcome_unknown'
  | 'teams_auth'
  | 'store'
  | 'internal';

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options);
    this.name = new.target.name;
  }
}

/** Inbound data (a chat payload, a command, a config file) did not have the expected shape. */
export class InvalidInputError extends AppError {
  readonly code = 'invalid_input';

  constructor(
    message: string,
    readonly issues: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Configuration is wrong; `problems` lists every problem found, not just the first. */
export class ConfigError extends AppError {
  readonly code = 'config_invalid';

  constructor(readonly problems: readonly string[]) {
    super(`Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const secretPatterns: readonly RegExp[] = [
  /(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /("?(?:client_secret|access_token|refresh_token|password|authorization|token|secret)"?\s*[:=]\s*"?)[^"\s,&}]+/gi,
  /(xox[abpr]-)[A-Za-z0-9-]+/g,
  /(xapp-)[A-Za-z0-9-]+/g,
];

/** Removes anything that looks like a credential from text that may reach a log, a card or a user. */
export function redact(text: string): string {
  return secretPatterns.reduce((out, pattern) => out.replace(pattern, '$1[redacted]'), text);
}
