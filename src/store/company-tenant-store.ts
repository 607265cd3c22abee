import { z } from 'zod';
import type { Queryable } from './db.ts';

const linkRowSchema = z
  .object({
    company_id: z.string(),
    company_name: z.string().nullable(),
    account: z.string().nullable(),
    tenant_id: z.string(),
    domain: z.string().nullable(),
    set_by: z.string(),
    updated_at: z.coerce.date(),
  })
  .transform((r) => ({
    companyId: r.company_id,
    companyName: r.company_name ?? undefined,
    account: r.account ?? undefined,
    tenantId: r.tenant_id,
    domain: r.domain ?? undefined,
    setBy: r.set_by,
    updatedAt: r.updated_at,
  }));

/** A Pax8 company linked to its Microsoft 365 tenant. */
export type CompanyTenant = z.output<typeof linkRowSchema>;

/** Data access for `company_tenants` (set with `tenant <company> <tenant-id|domain>`). */
export function createCompanyTenantStore(q: Queryable) {
  return {
    async set(link: Omit<CompanyTenant, 'updatedAt'>, at: Date): Promise<void> {
      await q.query(
        `INSERT INTO company_tenants (company_id, company_name, account, tenant_id, domain, set_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (company_id) DO UPDATE SET company_name = EXCLUDED.company_name, account = EXCLUDED.account, tenant_id = EXCLUDED.tenant_id,
           domain = EXCLUDED.domain, set_by = EXCLUDED.set_by, updated_at = EXCLUDED.updated_at`,
        [link.companyId, link.companyName ?? null, link.account ?? null, link.tenantId.toLowerCase(), link.domain ?? null, link.setBy, at],
      );
    },

    async get(companyId: string): Promise<CompanyTenant | undefined> {
      const rows = await q.query('SELECT * FROM company_tenants WHERE company_id = $1', [companyId]);
      return rows[0] ? linkRowSchema.parse(rows[0]) : undefined;
    },

    async list(): Promise<CompanyTenant[]> {
      const rows = await q.query('SELECT * FROM company_tenants ORDER BY company_name, company_id');
      return rows.map((r) => linkRowSchema.parse(r));
    },
  };
}
