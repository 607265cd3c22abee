-- A Pax8 company's Microsoft 365 tenant (Entra tenant id), set by an admin with
-- `tenant <company> <tenant-id|domain>`; links in the config file (`microsoft.tenants`) are read
-- alongside and lose to a link set here. Pax8 company ids are UUIDs, unique across accounts.
CREATE TABLE company_tenants (
  company_id text PRIMARY KEY,
  company_name text,
  account text,
  tenant_id text NOT NULL,
  -- The domain the admin typed, when it was a domain (shown back; the id is what is used).
  domain text,
  set_by text NOT NULL,
  updated_at timestamptz NOT NULL
);
