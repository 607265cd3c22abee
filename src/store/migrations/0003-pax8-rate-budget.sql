-- The Pax8 call budget shared by every replica: Pax8 allows 1000 calls per minute per partner
-- account, not per process. One row per call start (booked, possibly in the near future).
CREATE TABLE pax8_call_starts (
  account   text NOT NULL,
  starts_at timestamptz NOT NULL
);
CREATE INDEX pax8_call_starts_idx ON pax8_call_starts (account, starts_at DESC);
