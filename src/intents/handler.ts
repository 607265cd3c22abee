import type { View } from '../views/view.ts';
import type { IntentRequest } from './intent-request.ts';
import type { IntentDeps } from './ports.ts';

/**
 * One intent's handler: either an immediate answer (no Pax8, no database: `help`), or a slow one
 * with `ack`, the "working on it" line shown at once, and `run`, the answer. `run` may throw:
 * `handleIntent` turns faults into an error view and logs them once.
 */
export type Handler<R extends IntentRequest> =
  | { readonly immediate: (request: R) => View }
  | { readonly ack: (request: R) => string; readonly run: (request: R, deps: IntentDeps) => Promise<View> };
