-- Licence findings (`unused`) an admin chose to ignore with a finding's "Ignore" button: a company's
-- SKU, by part number (what `digests.ignore` in the config file names too). Ignored findings are
-- counted, not shown, by `unused` and the daily digest.
CREATE TABLE licence_ignores (
  company_id text NOT NULL,
  company_name text,
  sku text NOT NULL,
  set_by text NOT NULL,
  set_at timestamptz NOT NULL,
  PRIMARY KEY (company_id, sku)
);

-- One row per digest and period (`unused` + local date, `renewals` + the week's date): the replica
-- that inserts it posts the digest, every other one finds it there and does nothing.
CREATE TABLE digest_runs (
  digest text NOT NULL,
  period text NOT NULL,
  claimed_by text NOT NULL,
  claimed_at timestamptz NOT NULL,
  posted integer,
  PRIMARY KEY (digest, period)
);

-- What the last digest posted, per finding (a stable key) with its numbers (a fingerprint), so the
-- next one shows only findings that are new or changed.
CREATE TABLE digest_findings (
  digest text NOT NULL,
  finding_key text NOT NULL,
  fingerprint text NOT NULL,
  posted_at timestamptz NOT NULL,
  PRIMARY KEY (digest, finding_key)
);
