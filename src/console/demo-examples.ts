/**
 * Commands a newcomer can try at once, shown under each command box. With the built-in sandbox the
 * names come from its seeded demo data (seed 1, the default): the browser test runs the purchase
 * below, so a change to the seed that breaks an example fails that test instead of the demo.
 */
export const demoPurchase = { company: 'Harbor Dental PC', product: 'Dropsuite Microsoft 365 Backup', quantity: 2, term: 'monthly' } as const;

/** A leaver of the demo data: a user of Harbor Dental PC's tenant with one directly assigned licence. */
export const demoLeaver = { company: 'Harbor Dental PC', user: 'Adele Adams' } as const;

export function demoExamples(sandbox: boolean): readonly string[] {
  const { company, product, quantity, term } = demoPurchase;
  if (!sandbox) return ['help', 'companies', 'requests pending'];
  return ['help', `buy "${company}" "${product}" ${quantity} ${term}`, `subs "${company}"`, `licenses "${company}"`, `offboard "${demoLeaver.company}" "${demoLeaver.user}"`, 'requests pending', 'renewals 30'];
}
