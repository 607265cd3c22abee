import { GraphHttpError, GraphOutcomeUnknownError, type GraphClient } from '../microsoft/index.ts';
import type { SignInBlock } from './ports.ts';

/**
 * Blocks a leaver's sign-in (`PATCH accountEnabled: false`, skipped when it is blocked already)
 * and revokes their sessions, each sent once. It costs nothing and an admin can undo it, which is
 * why offboarding may do it before approval; the request's own steps read both again when they run
 * and do only what is missing.
 */
export async function blockSignIn(graph: Pick<GraphClient, 'users'>, userId: string): Promise<SignInBlock> {
  try {
    const user = await graph.users.get(userId, { select: ['id', 'accountEnabled'] });
    const wasBlocked = user.accountEnabled === false;
    if (!wasBlocked) await graph.users.update(userId, { accountEnabled: false });
    await graph.users.revokeSessions(userId);
    return { ok: true, wasBlocked };
  } catch (error) {
    if (error instanceof GraphOutcomeUnknownError) return { ok: false, problem: 'Microsoft did not answer in time, so it is not known whether sign-in was blocked' };
    if (error instanceof GraphHttpError) return { ok: false, problem: `Microsoft refused it (${error.reason})` };
    throw error;
  }
}
