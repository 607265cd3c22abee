import { AppError } from '../errors.ts';

/**
 * A card template could not be expanded into a valid card: the data did not match the view's
 * contract, a `${...}` binding was left unresolved, or the result used an element the Slack
 * translation does not support. Always a programming fault, never a user error.
 */
export class CardExpansionError extends AppError {
  readonly code = 'internal';

  constructor(
    message: string,
    readonly issues: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(issues.length > 0 ? `${message}:\n${issues.map((i) => `  - ${i}`).join('\n')}` : message, options);
  }
}
