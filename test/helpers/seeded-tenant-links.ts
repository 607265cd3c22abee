/**
 * `microsoft.tenants` of a test config linking a sandbox's seeded tenants to their companies (by
 * company id and tenant id): account 1's, and with two accounts the second's too, naming their
 * `pax8.instances` (`main`, `second`). The last `leaveUnlinked` tenants of account 1 stay unlinked.
 */
export async function seededTenantLinks(sandbox: { url: string; clientIds: readonly string[] }, twoAccounts: boolean, leaveUnlinked: number): Promise<{ text: string; unlinked: string[] }> {
  const { tenants } = (await (await fetch(`${sandbox.url}/__sandbox/microsoft/tenants`)).json()) as { tenants: { tenantId: string; companyId: string; account: string }[] };
  const names = new Map(twoAccounts ? [[sandbox.clientIds[0], 'main'], [sandbox.clientIds[1], 'second']] : [[sandbox.clientIds[0], undefined]]);
  const ours = tenants.filter((t) => names.has(t.account));
  const unlinked = leaveUnlinked > 0 ? ours.filter((t) => t.account === sandbox.clientIds[0]).slice(-leaveUnlinked) : [];
  const lines = ours
    .filter((t) => !unlinked.includes(t))
    .map((t) => {
      const account = names.get(t.account);
      return `    - { company: "${t.companyId}", tenant: ${t.tenantId}${account ? `, account: ${account}` : ''} }\n`;
    });
  return { text: `microsoft:\n  tenants:\n${lines.join('')}`, unlinked: unlinked.map((t) => t.companyId) };
}
