import type { View } from '../views/view.ts';
import { createViewUpdates, errorView, type IntentResult } from './view-helpers.ts';
import { reconcileHandler } from './handlers/reconcile-handler.ts';
import { faultView } from './fault-view.ts';
import type { Handler } from './handler.ts';
import { approvalsHereHandler, mapHandler } from './handlers/admin-handlers.ts';
import { auditHandler, requestHandler, requestsHandler } from './handlers/approval-read-handlers.ts';
import { buyHandler } from './handlers/buy-handler.ts';
import { cancelHandler } from './handlers/cancel-handler.ts';
import { companiesHandler, companyHandler, contactsHandler } from './handlers/company-handlers.ts';
import { approveHandler, cancelRequestHandler, denyHandler, newPasswordHandler, resumeHandler, withdrawHandler } from './handlers/decision-handlers.ts';
import { helpHandler, helpView } from './handlers/help-handler.ts';
import { licensesHandler } from './handlers/licenses-handler.ts';
import { unusedHandler, unusedIgnoreHandler } from './handlers/unused-handler.ts';
import { tenantHandler } from './handlers/tenant-handler.ts';
import { userHandler, usersHandler } from './handlers/users-handlers.ts';
import { offboardHandler } from './handlers/offboard-handler.ts';
import { orderHandler, ordersHandler } from './handlers/order-handlers.ts';
import { productHandler, productsHandler } from './handlers/product-handlers.ts';
import { renewalsHandler } from './handlers/renewals-handler.ts';
import { onboardHandler } from './handlers/onboard-handler.ts';
import { seatsHandler } from './handlers/seats-handler.ts';
import { subHandler, subsHandler } from './handlers/subscription-handlers.ts';
import type { IntentKind, IntentOf, IntentRequest, ParseFailure, RequestContext } from './intent-request.ts';
import { parseCardAction } from './parse-card-action.ts';
import { parseCommand } from './parse-command.ts';
import type { IntentDeps, IntentOutcome } from './ports.ts';

/** One handler per intent kind; a kind without one does not compile. */
const handlers: { readonly [K in IntentKind]: Handler<IntentOf<K>> } = {
  help: helpHandler,
  companies: companiesHandler,
  company: companyHandler,
  contacts: contactsHandler,
  products: productsHandler,
  product: productHandler,
  subs: subsHandler,
  sub: subHandler,
  orders: ordersHandler,
  order: orderHandler,
  requests: requestsHandler,
  request: requestHandler,
  renewals: renewalsHandler,
  audit: auditHandler,
  reconcile: reconcileHandler,
  buy: buyHandler,
  seats: seatsHandler,
  cancel: cancelHandler,
  licenses: licensesHandler,
  unused: unusedHandler,
  unusedIgnore: unusedIgnoreHandler,
  users: usersHandler,
  user: userHandler,
  offboard: offboardHandler,
  onboard: onboardHandler,
  approvalsHere: approvalsHereHandler,
  map: mapHandler,
  tenant: tenantHandler,
  approve: approveHandler,
  deny: denyHandler,
  cancelRequest: cancelRequestHandler,
  withdraw: withdrawHandler,
  resume: resumeHandler,
  newPassword: newPasswordHandler,
};

/**
 * Runs one intent. Returns at once: `now` is the answer when it needs nothing slow, else a
 * "working" view, and `later` settles with the answer. Never throws and `later` never rejects:
 * a fault becomes an error view with a short message, logged once here with the event context.
 */
export function handleIntent(given: IntentRequest, deps: IntentDeps): IntentResult {
  const ended = deps.observe?.(given.actor.platform, given.kind);
  const answer = (view: View, outcome: IntentOutcome = view.kind === 'error' ? 'error' : 'ok'): View => {
    ended?.(outcome);
    return view;
  };
  const request = withKnownAccount(given, deps);
  if ('view' in request) return { now: answer(request.view) };
  const handler = handlers[request.kind] as Handler<IntentRequest>;
  // The event's logger; an immediate answer (help, a form) logs nothing unless it fails, so it makes one only then.
  const eventLog = () => deps.log.child({ intent: request.kind, eventId: request.eventId, platform: request.actor.platform, user: request.actor.email ?? request.actor.userId });
  if ('immediate' in handler) {
    try {
      return { now: answer(handler.immediate(request)) };
    } catch (error) {
      eventLog().error({ err: error }, 'intent failed');
      return { now: answer(faultView(error, request.eventId), 'fault') };
    }
  }
  const log = eventLog();
  const updates = createViewUpdates();
  const run = async (): Promise<View> => {
    try {
      return answer(await handler.run(request, { ...deps, log, progress: (view) => updates.publish(view) }));
    } catch (error) {
      log.error({ err: error }, 'intent failed');
      return answer(faultView(error, request.eventId), 'fault');
    }
  };
  return { now: { kind: 'working', message: handler.ack(request) }, later: run(), updates };
}

/** `--account` as configured (any case), or the answer naming the accounts there are. */
function withKnownAccount(request: IntentRequest, deps: IntentDeps): IntentRequest | { readonly view: View } {
  const typed = request.account;
  if (typed === undefined) return request;
  const account = deps.pax8.names.find((name) => name.toLowerCase() === typed.toLowerCase());
  if (account !== undefined) return { ...request, account };
  const shown = typed.length > 40 ? `${typed.slice(0, 40)}...` : typed;
  return { view: errorView('bad_input', `No Pax8 account is called "${shown}". The accounts are: ${deps.pax8.names.join(', ')}.`, null) };
}

/** The answer to text that did not parse: what was wrong and the right form. */
export function parseFailureView(failure: ParseFailure): View {
  if (failure.reason === 'unknown_command') {
    const hint = failure.suggestions.length > 0 ? ` Did you mean ${failure.suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
    return errorView('unknown_command', `${failure.message}${hint} Type "help" for the list of commands.`, null);
  }
  if (failure.reason === 'empty') return helpView(1);
  return errorView('bad_input', failure.message, failure.command);
}

/** Parses typed text and runs it; the one call adapters need for commands. Never throws. */
export function handleCommand(text: string, context: RequestContext, deps: IntentDeps): IntentResult {
  return settle(() => parseCommand(text, context), context, deps);
}

/** Parses a card action (button, form) and runs it. Never throws. */
export function handleCardAction(payload: unknown, context: RequestContext, deps: IntentDeps): IntentResult {
  return settle(() => parseCardAction(payload, context), context, deps);
}

function settle(parse: () => IntentRequest | ParseFailure, context: RequestContext, deps: IntentDeps): IntentResult {
  let parsed: IntentRequest | ParseFailure;
  try {
    parsed = parse();
  } catch (error) {
    deps.log.error({ err: error, eventId: context.eventId }, 'parsing a command failed');
    deps.observe?.(context.actor.platform, 'unparsed')('fault');
    return { now: faultView(error, context.eventId) };
  }
  if (parsed.kind !== 'parseFailure') return handleIntent(parsed, deps);
  const view = parseFailureView(parsed);
  deps.observe?.(context.actor.platform, 'unparsed')(view.kind === 'error' ? 'error' : 'ok');
  return { now: view };
}
