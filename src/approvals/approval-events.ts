import type { ApprovalRequest, RequestState } from '../store/approval-request.ts';

/**
 * What changed, for the adapters: update every posted card on `transition`/`vote`, nudge approvers
 * on `reminder`, tell the requester the outcome. The engine never talks to chat itself.
 */
export type ApprovalEvent =
  | { readonly type: 'submitted'; readonly request: ApprovalRequest }
  | {
      readonly type: 'transition';
      readonly request: ApprovalRequest;
      readonly from: RequestState;
      readonly to: RequestState;
      readonly actor: string;
      readonly reason?: string | undefined;
    }
  | { readonly type: 'vote'; readonly request: ApprovalRequest; readonly voter: string; readonly approvalsMissing: number }
  | { readonly type: 'reminder'; readonly request: ApprovalRequest }
  /** What Pax8 reports about a done change moved on (e.g. provisioning finished): cards show it. */
  | { readonly type: 'updated'; readonly request: ApprovalRequest }
  /**
   * Something only the requester may read (a temporary password): sent to them privately (Slack DM,
   * Teams personal chat) and nowhere else. Never logged, stored, put on a card or in the audit.
   */
  | { readonly type: 'private'; readonly request: ApprovalRequest; readonly title: string; readonly text: string };

export type ApprovalListener = (event: ApprovalEvent) => void;

/** A tiny synchronous event hub; a throwing listener is logged by the caller, not allowed to break a decision. */
export function createEventHub(onListenerError: (error: unknown) => void) {
  const listeners = new Set<ApprovalListener>();
  return {
    on(listener: ApprovalListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(events: readonly ApprovalEvent[]): void {
      for (const event of events) {
        for (const listener of listeners) {
          try {
            listener(event);
          } catch (error) {
            onListenerError(error);
          }
        }
      }
    },
  };
}
