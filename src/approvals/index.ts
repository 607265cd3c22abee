export { createApprovalsEngine, type ApprovalsEngine, type ApprovalsEngineDeps } from './create-approvals-engine.ts';
export type { DueWorkObserver, Scheduler } from './create-scheduler.ts';
export type { ApprovalEvent, ApprovalListener } from './approval-events.ts';
export type { DecisionInput, DecisionResult, DecisionRefusal, SubmitInput, SubmitResult } from './decision-result.ts';
export {
  roleOf,
  mayApprove,
  mayRequest,
  mayAdminister,
  mayReadAudit,
  cardViewer,
  approvalsNeeded,
  type ApprovalPolicy,
  type RolePolicy,
  type CardViewer,
  type Role,
} from './approval-policy.ts';
export {
  createKindRegistry,
  defineKind,
  type KindDefinition,
  type KindRegistry,
  type KindContext,
  type TenantSeatsReader,
  tenantSeatsOver,
  type ResolveContext,
  type ResolveOutcome,
  type ExecuteResult,
  type WindowCheck,
  type PlannedWrite,
} from './kind-definition.ts';
export { standardKinds } from './kinds/index.ts';
export {
  defineSteppedKind,
  type SteppedKindDefinition,
  type AnyKindDefinition,
  type KindCommon,
} from './kind-definition.ts';
export {
  stepsOf,
  stepWithoutPassword,
  stepRecordSchema,
  type StepDefinition,
  type StepPlan,
  type StepResult,
  type StepResolveOutcome,
  type StepContext,
  type StepResolveContext,
  type StepRecord,
  type StepState,
  type PrivateNote,
} from './step-definition.ts';
export { anyStepDone, stepFacts } from './step-progress.ts';
export { MicrosoftNotConnectedError } from './execute-steps.ts';
export { buyKind, buyPayloadSchema, type BuyPayload } from './kinds/buy-kind.ts';
export { seatsKind, seatsPayloadSchema, type SeatsPayload } from './kinds/seats-kind.ts';
export { cancelKind, cancelPayloadSchema, type CancelPayload } from './kinds/cancel-kind.ts';
export { renewalWindow, changeWindowMs } from './kinds/renewal-window.ts';
export { type Pax8Port, subscriptionTimes } from './pax8-port.ts';
export { classifyWriteError, type WriteErrorClass } from './classify-write-error.ts';
export { auditToCsv, csvCell, exportAuditCsv } from './audit-csv.ts';
