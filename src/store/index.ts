export type { Db, Queryable } from './db.ts';
export { openStore, openDb, storeFromDb, bindTables, type Store, type StoreTables, type StoreLocation } from './open-store.ts';
export { runMigrations, listMigrations, type Migration } from './run-migrations.ts';
export {
  requestStates,
  finalStates,
  openStates,
  type ApprovalRequest,
  type RequestState,
  type Person,
  type ChannelRef,
  type NamedPerson,
  personName,
  peopleEntry,
} from './approval-request.ts';
export type { NewRequest, Transition, TransitionPatch } from './request-store.ts';
export type { Vote } from './vote-store.ts';
export type { AuditEntry, AuditRecord } from './audit-store.ts';
export type { RequestMessage } from './chat-ref-store.ts';
export type { ChannelCompany } from './channel-company-store.ts';
export type { CompanyTenant } from './company-tenant-store.ts';
export type { LicenceIgnore } from './licence-findings-store.ts';
export type { WriteAttempt, WriteOutcome } from './pax8-write-store.ts';
export type { WorkItem, WorkKind } from './scheduled-work-store.ts';
export { StoreError } from './store-error.ts';
export { createDbRateBudget, type DbRateBudgetOptions } from './create-db-rate-budget.ts';
export { claimWebhookEvents, type WebhookEvent } from './webhook-event-store.ts';
export { createOperationalFigures, type OperationalFigures } from './operational-figures.ts';
