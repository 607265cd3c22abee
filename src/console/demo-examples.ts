/**
 * Commands a newcomer can try at once, shown under each command box. With the built-in sandbox the
 * names come from its seeded demo data (seed 1, the default): the browser test runs the purchase
 * below, so a change to the seed that breaks an example fails that test instead of the demo.
 */
export const demoPurchase = { company: 'Harbor Dental PC', product: 'Dropsuite Microsoft 365 Backup', quantity: 2, term: 'monthly' } as const;

/**
 * Onboarding in the demo data: a company whose linked tenant has a free seat of a licence Pax8 sells
 * it (the approval only creates the user), and one whose tenant has none (the approval grows the
 * Pax8 subscription by one seat first).
 */
export const demoOnboarding = {
  freeSeat: { company: 'Harbor Dental PC', licence: 'Microsoft 365 Business Basic' },
  noFreeSeat: { company: 'Granite Logistics LLC', licence: 'Exchange Online (Plan 1)' },
} as const;

/**
 * A licence surplus of the demo data (`unused`): seats paid at Pax8 beyond those assigned in the
 * tenant, on a monthly subscription that may lose seats today, so **Reduce to N** runs at once.
 */
export const demoUnused = { company: 'Harbor Dental PC', product: 'Microsoft Teams Phone Standard' } as const;

/**
 * A leaver of the demo data: a user of Cedar Hospitality Ltd.'s tenant with one directly assigned
 * licence, whose seat is on a monthly subscription that can lose a seat today (one Pax8 decrease).
 */
export const demoLeaver = { company: 'Cedar Hospitality Ltd.', user: 'Lucas Khan' } as const;

export function demoExamples(sandbox: boolean): readonly string[] {
  const { company, product, quantity, term } = demoPurchase;
  if (!sandbox) return ['help', 'companies', 'requests pending'];
  return ['help', `buy "${company}" "${product}" ${quantity} ${term}`, `subs "${company}"`, `licenses "${company}"`, `onboard "${demoOnboarding.freeSeat.company}"`, `onboard "${demoOnboarding.noFreeSeat.company}"`, `offboard "${demoLeaver.company}" "${demoLeaver.user}"`, `unused "${demoUnused.company}"`, 'reconcile', 'requests pending', 'renewals 30'];
}
