/** The intent layer: parse commands and card actions, resolve names, decide, return views. */
export { handleCardAction, handleCommand, handleIntent, parseFailureView } from './handle-intent.ts';
export { parseCommand } from './parse-command.ts';
export { approvalCardButton, cardActionSchema, identityNeededFor, parseCardAction, type CardAction } from './parse-card-action.ts';
export { normalizeCommandText } from './normalize-text.ts';
export { commandUsage } from './command-usage.ts';
export { createResolver, type Resolver, type ResolverOptions } from './create-resolver.ts';
export { intentStoreFrom, approvalsPortFrom } from './port-adapters.ts';
export type { ApprovalsPort } from './approvals-port.ts';
export type { ExportFiles, IntentDeps, IntentObserver, IntentOutcome, IntentPolicy, IntentStore, Pax8Reads } from './ports.ts';
export type { IntentResult, ViewUpdates } from './view-helpers.ts';
export type { Actor, ChannelRef, IdentityFreshness, IntentKind, IntentRequest, ParseFailure, Platform, RequestContext } from './intent-request.ts';
