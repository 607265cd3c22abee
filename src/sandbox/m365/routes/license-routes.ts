import { z } from 'zod';
import { skuById } from '../../seed/microsoft-skus.ts';
import { commerceSubscriptions, holdsSku, tenantSkus } from '../commerce-view.ts';
import { badRequest, invalidValue } from '../graph-error.ts';
import { assignLicenses, type GraphContext, type GraphRouteDef } from '../graph-route-types.ts';
import { licenseConflict } from '../license-rules.ts';
import type { DirectLicense, GraphUser } from '../tenant-model.ts';
import { requireUser, userEntity } from './user-read-routes.ts';

const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/).transform((s) => s.toLowerCase());
const addSchema = z.array(z.object({ skuId: guid, disabledPlans: z.array(guid).optional() }).passthrough());
const removeSchema = z.array(guid);

/** Both arrays are required (send `[]`), as on Graph; a missing or malformed one names itself. */
function parseAssignBody(body: unknown): { add: z.output<typeof addSchema>; remove: string[] } {
  const record = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const add = addSchema.safeParse(record.addLicenses);
  if (!add.success) throw invalidValue('addLicenses');
  const remove = removeSchema.safeParse(record.removeLicenses);
  if (!remove.success) throw invalidValue('removeLicenses');
  if (add.data.some((a) => remove.data.includes(a.skuId))) throw invalidValue('removeLicenses');
  return { add: add.data, remove: remove.data };
}

/** Licensing sees a usage location only once it replicated (`--usage-location-delay`). */
function hasUsageLocation(ctx: GraphContext, user: GraphUser): boolean {
  return user.usageLocation !== null && ctx.now - user.usageLocationSetAt >= ctx.ms.settings.usageLocationDelayMs;
}

/**
 * `POST /users/{id}/assignLicense`: all or nothing, refused in Graph's words (GRAPH-NOTES): a SKU
 * the tenant does not have, a group-inherited licence removed directly, no usage location, no free
 * seat (`prepaidUnits.enabled − consumedUnits`), or plans that exclude or need each other. Assigning
 * a SKU the user already holds only replaces its disabled plans and takes no seat.
 */
function assignLicense(ctx: GraphContext) {
  const user = requireUser(ctx, ctx.params.id ?? '');
  const { add, remove } = parseAssignBody(ctx.body);
  const skus = tenantSkus(commerceSubscriptions(ctx.tenant, ctx.account.data, ctx.seenAt), ctx.users.list);
  for (const { skuId } of add) {
    if (!skus.some((s) => s.sku.skuId === skuId && s.subscriptions.length > 0)) throw badRequest(`License ${skuId} does not correspond to a valid company License.`);
  }
  for (const skuId of remove) {
    if (user.licenses.some((l) => l.skuId === skuId)) continue;
    if (user.groupLicenses.some((l) => l.skuId === skuId)) throw badRequest('User license is inherited from a group membership and it cannot be removed directly from the user.');
    throw badRequest('User does not have a corresponding license.');
  }
  if (add.length > 0 && !hasUsageLocation(ctx, user)) throw badRequest('License assignment cannot be done for user with invalid usage location.');
  for (const { skuId } of add) {
    const entry = skus.find((s) => s.sku.skuId === skuId);
    if (!holdsSku(user, skuId) && (entry === undefined || entry.prepaid.enabled - entry.consumedUnits < 1)) {
      throw badRequest(`Subscription with SKU ${skuId} does not have any available licenses.`);
    }
  }
  const kept = user.licenses.filter((l) => !remove.includes(l.skuId) && !add.some((a) => a.skuId === l.skuId));
  const added: DirectLicense[] = add.map((a) => ({
    skuId: a.skuId,
    disabledPlans: a.disabledPlans ?? [],
    assignedAt: user.licenses.find((l) => l.skuId === a.skuId)?.assignedAt ?? ctx.now,
  }));
  const conflict = licenseConflict([...kept, ...added, ...user.groupLicenses]);
  if (conflict) throw badRequest(conflict);
  user.licenses = [...kept, ...added];
  if (user.mail === null && added.some((l) => skuById(l.skuId)?.servicePlans.some((p) => p.servicePlanName.startsWith('EXCHANGE_S_') && !l.disabledPlans.includes(p.servicePlanId)))) {
    user.mail = user.userPrincipalName;
  }
  return { status: 200, body: userEntity(ctx, user) };
}

/** Licence assignment (`licenseDetails` is read with the user routes). */
export const licenseRoutes: readonly GraphRouteDef[] = [
  { method: 'POST', pattern: '/users/{id}/assignLicense', permissions: assignLicenses, handler: assignLicense },
];
