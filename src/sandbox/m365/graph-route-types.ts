import type { SandboxAccount } from '../sandbox-runtime.ts';
import type { MicrosoftState } from './microsoft-state.ts';
import type { GraphPermission, Tenant, TenantUsers } from './tenant-model.ts';

/** Graph is served under this path; `GRAPH_BASE_URL` = the sandbox URL + this. */
export const GRAPH_PREFIX = '/graph/v1.0';

/** What a Graph route sees: always the token's tenant, never one named in the request. */
export interface GraphContext {
  ms: MicrosoftState;
  tenant: Tenant;
  account: SandboxAccount;
  users: TenantUsers;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: unknown;
  now: number;
  /** The time whose Pax8 state the tenant shows: now minus the provisioning delay. */
  seenAt: number;
  /** `ConsistencyLevel: eventual` was sent (advanced queries, `$count`). */
  eventual: boolean;
  /** The absolute Graph base (`http://127.0.0.1:4010/graph/v1.0`) and the path below it. */
  graphBase: string;
  path: string;
}

/** A route's answer: status and JSON body (none for 204). */
export interface GraphResult {
  status: number;
  body?: unknown;
}

/** One Graph operation; `pattern` is relative to {@link GRAPH_PREFIX}. */
export interface GraphRouteDef {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  pattern: string;
  /** Any one of these application permissions allows the call; none of them is a 403. */
  permissions: readonly GraphPermission[];
  handler(ctx: GraphContext): GraphResult;
}

/**
 * The application permissions that allow each kind of call (Graph's permission tables: the least
 * privileged one first, then the broader ones that also allow it).
 */
export const readOrganization: readonly GraphPermission[] = ['Organization.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
export const readUsers: readonly GraphPermission[] = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
export const writeUsers: readonly GraphPermission[] = ['User.ReadWrite.All', 'Directory.ReadWrite.All'];
export const revokeSessions: readonly GraphPermission[] = ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'];
export const assignLicenses: readonly GraphPermission[] = ['LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'];
