-- What an execution read before it wrote, and the Pax8 record that proves a write happened.
-- `basis` holds the state the write acted on (the quantity read before a seat change, the orders
-- the company had before an order), so an uncertain outcome is judged against what this request
-- saw, not against today. `evidence` names the one Pax8 record credited to an attempt (an order id,
-- a subscription history entry): unique, so no order or history entry is ever credited twice.
ALTER TABLE pax8_writes
  ADD COLUMN basis jsonb,
  ADD COLUMN evidence text;
CREATE UNIQUE INDEX pax8_writes_evidence_idx ON pax8_writes (evidence) WHERE evidence IS NOT NULL;

-- Orders credited to requests before this migration: the request's order id, once per order.
WITH credited AS (
  SELECT DISTINCT ON (r.pax8_ids->>0) w.attempt_id, 'order:' || (r.pax8_ids->>0) AS evidence
    FROM approval_requests r JOIN pax8_writes w ON w.request_id = r.id
   WHERE r.kind = 'buy' AND r.state = 'succeeded' AND jsonb_array_length(r.pax8_ids) > 0
   ORDER BY r.pax8_ids->>0, w.sent_at DESC)
UPDATE pax8_writes w SET evidence = c.evidence FROM credited c WHERE w.attempt_id = c.attempt_id;

-- One execution at a time per Pax8 target (a subscription, a company's orders), across replicas:
-- a change reads the current state and writes from it, so two at once would lose one of them.
-- A holder that dies leaves its row behind until `until`; then the next execution takes it over.
CREATE TABLE execution_locks (
  key        text PRIMARY KEY,
  request_id uuid NOT NULL,
  until      timestamptz NOT NULL
);
