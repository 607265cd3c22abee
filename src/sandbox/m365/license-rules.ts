import { mutuallyExclusivePlans, planPrerequisites, servicePlanIds, skuById, type ServicePlanName } from '../seed/microsoft-skus.ts';

/** A licence as it counts for the rules: the SKU and the plans switched off in it. */
export interface HeldLicense {
  skuId: string;
  disabledPlans: readonly string[];
}

/** The service plans a user would have with these licences (disabled plans left out). */
function enabledPlans(licenses: readonly HeldLicense[]): Set<ServicePlanName> {
  const plans = new Set<ServicePlanName>();
  for (const license of licenses) {
    for (const plan of skuById(license.skuId)?.servicePlans ?? []) {
      if (!license.disabledPlans.includes(plan.servicePlanId)) plans.add(plan.servicePlanName as ServicePlanName);
    }
  }
  return plans;
}

/**
 * Why Graph would refuse a user this set of licences, in Graph's own words, or undefined when it is
 * fine: two plans that exclude each other (an Exchange Online Plan 1 and a Plan 2 mailbox), or a plan
 * whose prerequisite plan is missing (GRAPH-NOTES "Errors and limits").
 */
export function licenseConflict(licenses: readonly HeldLicense[]): string | undefined {
  const plans = enabledPlans(licenses);
  for (const [a, b] of mutuallyExclusivePlans) {
    if (plans.has(a) && plans.has(b)) return `License assignment failed because service plans ${servicePlanIds[a]},${servicePlanIds[b]} are mutually exclusive.`;
  }
  for (const plan of plans) {
    const needs = planPrerequisites[plan] ?? [];
    if (needs.length > 0 && !needs.some((n) => plans.has(n))) {
      return `License assignment failed because service plan ${servicePlanIds[plan]} depends on the service plan(s) ${needs.map((n) => servicePlanIds[n]).join(',')}.`;
    }
  }
  return undefined;
}
