-- The Pax8 partner account a request belongs to (config `pax8.instances[].name`); NULL = the default
-- account, which is what every request before this migration used.
ALTER TABLE approval_requests ADD COLUMN account text;
