import { GraphHttpError } from '../../microsoft/index.ts';
import { shortId } from '../../views/format.ts';
import type { LicenceRow } from '../../views/microsoft-views.ts';
import type { CommandAction } from '../../views/view-parts.ts';
import { wireIds } from '../../wire-ids.ts';
import type { Handler } from '../handler.ts';
import type { IntentOf, RequestContext } from '../intent-request.ts';
import { licencePicture, type LicenceLine, type Pax8Licence } from '../licence-picture.ts';
import { linkedTenant, microsoftOf, tenantView } from '../linked-tenant.ts';
import { resolveCompany } from '../resolve-company.ts';
import { subscriptionActions } from '../row-actions.ts';
import { accountArgs, arg, commandLine, pageOf } from '../view-helpers.ts';

const w = wireIds.commands;

/** Details and Seats of each Pax8 subscription of a licence; labelled with the short id when there are several. */
function licenceActions(line: LicenceLine, list: Pick<RequestContext, 'account'>): CommandAction[] {
  const several = line.pax8.length > 1;
  return line.pax8.flatMap((s) => subscriptionActions(s, list, { cancel: false }).map((a) => (several ? { ...a, label: `${a.label} ${shortId(s.id)}` } : a)));
}

const pax8Sub = (s: Pax8Licence) => ({
  id: s.id,
  productName: s.productName,
  quantity: s.quantity,
  status: s.status,
  billingTerm: s.billingTerm,
  commitmentTerm: s.commitmentTerm,
  commitmentEndDate: s.commitmentEndDate,
});

/**
 * `licenses <company>`: per licence, the tenant's enabled / assigned / free, warning and suspended
 * units beside the Pax8 subscriptions that sell it, a sentence when the two disagree, and "bought
 * elsewhere" for units no Pax8 subscription explains (`licencePicture` does the arithmetic).
 */
export const licensesHandler: Handler<IntentOf<'licenses'>> = {
  ack: () => 'Reading the licences from Microsoft 365 and Pax8...',
  async run(r, deps) {
    const ms = microsoftOf(deps, w.licenses);
    if (!ms.ok) return ms.view;
    const resolved = await resolveCompany(r, r.company, deps, w.licenses, (id) => commandLine(w.licenses, arg(id), ...accountArgs(r)));
    if (!resolved.ok) return resolved.view;
    const company = resolved.value;
    const link = await linkedTenant(ms.value, company, w.licenses);
    if (!link.ok) return link.view;
    const graph = ms.value.graph(link.value.tenantId);
    const [skus, subscriptions, pax8] = await Promise.all([
      graph.subscribedSkus(),
      // Without the commerce subscriptions, units bought elsewhere cannot be told apart; the rest still holds.
      graph.directorySubscriptions().catch((error: unknown) => {
        if (error instanceof GraphHttpError && error.reason === 'permission_denied') return null;
        throw error;
      }),
      ms.value.pax8Skus.licencesOf(company),
    ]);
    const picture = licencePicture({ skus, subscriptions: subscriptions ?? [], pax8: pax8.licences });
    const lines = picture.lines.map((line): LicenceRow => ({
      skuId: line.skuId,
      name: line.name,
      partNumber: line.partNumber,
      tenant: line.tenant,
      pax8: line.pax8.map(pax8Sub),
      pax8Seats: line.pax8Seats,
      mismatch: line.mismatch,
      source: line.source,
      actions: licenceActions(line, r),
    }));
    const { items, paging } = pageOf(lines, r.page, deps.policy.pageSize, commandLine(w.licenses, company.id, ...accountArgs(r)));
    return {
      kind: 'licenceList',
      company: { id: company.id, name: company.name },
      tenant: tenantView(link.value),
      items,
      unlinked: picture.unlinked.map(pax8Sub),
      elsewhereUnknown: subscriptions === null,
      paging,
    };
  },
};
