import { AppError } from '../errors.ts';
import { Pax8IncompleteListError } from '../pax8/errors.ts';
import type { ErrorView } from '../views/message-views.ts';
import { errorView } from './view-helpers.ts';

/**
 * A fault as the user sees it: short, actionable, no stack, no ids of our internals, no secrets.
 * Pax8 refusals keep Pax8's own message (already redacted by `AppError`); anything unexpected
 * becomes "something went wrong" with the event id to quote, since the details are in the log.
 */
export function faultView(error: unknown, eventId: string): ErrorView {
  const ref = ` (reference ${eventId.slice(0, 40)})`;
  // A list read in part would give wrong totals: nothing is shown, and the user is told why.
  if (error instanceof Pax8IncompleteListError) {
    return errorView('pax8_unavailable', `Pax8 did not give the whole list (${error.route}, page ${error.page + 1}), so nothing was counted or compared; try again in a few minutes${ref}.`);
  }
  if (error instanceof AppError) {
    switch (error.code) {
      case 'pax8_http': {
        const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
        const said = 'pax8Message' in error && typeof error.pax8Message === 'string' ? `: ${error.pax8Message}` : '';
        if (status === 404) return errorView('not_found', `Pax8 does not know that${said}.`);
        if (status !== undefined && status < 500) return errorView('pax8_refused', `Pax8 refused the request${said}.`);
        return errorView('pax8_unavailable', `Pax8 is having trouble right now; try again in a few minutes${ref}.`);
      }
      case 'pax8_rate_limited':
        return errorView('pax8_unavailable', 'Pax8 is busy (too many requests); try again in a minute.');
      case 'pax8_network':
      case 'pax8_outcome_unknown':
        return errorView('pax8_unavailable', `Pax8 did not answer; try again in a few minutes${ref}.`);
      case 'pax8_auth':
        return errorView('pax8_unavailable', `The bot's Pax8 credentials were refused; tell an admin to run "pax8-chatops check"${ref}.`);
      case 'pax8_schema':
        return errorView('pax8_unavailable', `Pax8 answered in a form the bot does not understand; it has been logged${ref}.`);
      // Entra's refusals say what an admin must do (consent the app in that tenant, renew the secret).
      case 'entra_token':
        return errorView('microsoft_refused', `${error.message}.`);
      case 'graph_http': {
        const reason = 'reason' in error ? error.reason : undefined;
        if (reason === 'not_found') return errorView('not_found', 'Microsoft 365 does not know that in this tenant.');
        if (reason === 'unavailable') return errorView('microsoft_unavailable', `Microsoft is having trouble right now; try again in a few minutes${ref}.`);
        return errorView('microsoft_refused', `${error.message}.`);
      }
      case 'graph_rate_limited':
        return errorView('microsoft_unavailable', 'Microsoft is busy (too many requests for this tenant); try again in a minute.');
      case 'graph_network':
      case 'graph_outcome_unknown':
        return errorView('microsoft_unavailable', `Microsoft did not answer; try again in a few minutes${ref}.`);
      case 'graph_schema':
        return errorView('microsoft_unavailable', `Microsoft answered in a form the bot does not understand; it has been logged${ref}.`);
      default:
        break;
    }
  }
  return errorView('internal', `Something went wrong on our side; it has been logged${ref}.`);
}
