-- CSV exports (reconciliation, audit log) kept for a short while so any replica can serve their
-- signed download link (`GET /files/{token}`); rows past `expires_at` are never served and are deleted.
CREATE TABLE export_files (
  id text PRIMARY KEY,
  name text NOT NULL,
  content text NOT NULL,
  row_count integer NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX export_files_expires_at ON export_files (expires_at);
