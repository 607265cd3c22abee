-- The Pax8 partner account of a channel's mapped company (config `pax8.instances[].name`); NULL = look
-- the company up in every account, which is what every mapping before this migration did.
ALTER TABLE channel_companies ADD COLUMN account text;
