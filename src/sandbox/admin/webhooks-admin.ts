import { z } from 'zod';
import type { SandboxRuntime } from '../sandbox-runtime.ts';
import type { AdminResult } from './admin-api.ts';

const targetSchema = z
  .object({
    url: z.url(),
    authorization: z.string().min(1),
    /** Another value for some accounts, by client id (`{"sandbox-2": "…"}`). */
    authorizationByAccount: z.record(z.string(), z.string().min(1)).optional(),
    delaySeconds: z.number().min(0).optional(),
    errorThreshold: z.number().int().min(1).max(20).optional(),
    retryDelaySeconds: z.number().min(0).optional(),
  })
  .strict();

const bad = (message: string): AdminResult => ({ status: 400, body: { error: message } });

/**
 * `/__sandbox/webhooks`: where the sandbox sends its Pax8 events (`GET` shows it, `PUT` sets
 * `{url, authorization[, authorizationByAccount, delaySeconds, errorThreshold, retryDelaySeconds]}`, `DELETE` stops
 * sending), `GET …/deliveries` lists every delivery with its attempts (Pax8's webhook logs), and
 * `POST …/deliveries/{id}/resend` sends one again now, as Pax8's "retry webhook delivery" does.
 * Undefined for any other path.
 */
export async function handleWebhooksAdmin(rt: SandboxRuntime, method: string, url: URL, text: string): Promise<AdminResult | undefined> {
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '/__sandbox/webhooks') {
    if (method === 'GET') return { status: 200, body: rt.webhooks.describe() };
    if (method === 'DELETE') {
      rt.webhooks.configure(undefined);
      return { status: 200, body: rt.webhooks.describe() };
    }
    if (method !== 'PUT') return { status: 405, body: { error: 'use GET, PUT or DELETE' } };
    let json: unknown;
    try {
      json = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      return bad('the body is not JSON');
    }
    const input = targetSchema.safeParse(json);
    if (!input.success) return bad(`expected {"url": "https://bot.example/pax8/webhooks", "authorization": "<value>"}: ${input.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`);
    const { url: target, authorization, authorizationByAccount, delaySeconds, errorThreshold, retryDelaySeconds } = input.data;
    const unknown = Object.keys(authorizationByAccount ?? {}).filter((clientId) => !rt.accounts.some((a) => a.clientId === clientId));
    if (unknown.length > 0) return bad(`authorizationByAccount names no account of this sandbox: ${unknown.join(', ')} (accounts: ${rt.accounts.map((a) => a.clientId).join(', ')})`);
    rt.webhooks.tune({
      ...(delaySeconds !== undefined ? { delayMs: delaySeconds * 1000 } : {}),
      ...(errorThreshold !== undefined ? { errorThreshold } : {}),
      ...(retryDelaySeconds !== undefined ? { retryDelayMs: retryDelaySeconds * 1000 } : {}),
    });
    rt.webhooks.configure({ url: target, authorization, ...(authorizationByAccount ? { authorizationByAccount } : {}) });
    return { status: 200, body: rt.webhooks.describe() };
  }
  if (path === '/__sandbox/webhooks/deliveries' && method === 'GET') return { status: 200, body: { deliveries: rt.webhooks.list() } };
  const resend = /^\/__sandbox\/webhooks\/deliveries\/([^/]+)\/resend$/.exec(path);
  if (resend && method === 'POST') {
    const delivery = await rt.webhooks.resend(decodeURIComponent(resend[1] ?? ''));
    return delivery ? { status: 200, body: delivery } : { status: 404, body: { error: `no delivery ${resend[1] ?? ''}` } };
  }
  return undefined;
}
