-- Who has approved so far and how many approvals the policy asks for, on the request itself: every
-- copy of the card is rendered from this row, and above `secondApproverAbove` a request stays
-- pending after its first approval, so without these columns the cards could not show that vote.
-- `approval_votes` stays the record of each vote (and of "one vote per person").
ALTER TABLE approval_requests
  ADD COLUMN approved_by jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN approvals_needed integer NOT NULL DEFAULT 1 CHECK (approvals_needed >= 1);

-- Requests voted on before this migration: the approvals from their votes. A pending one that already
-- has an approval must be waiting for another (one approval would have decided it); the engine
-- recomputes the number from the policy on the next vote.
UPDATE approval_requests r
   SET approved_by = v.voters,
       approvals_needed = CASE WHEN r.state = 'pending' THEN v.n + 1 ELSE v.n END
  FROM (SELECT request_id, jsonb_agg(voter_email ORDER BY cast_at, voter_email) AS voters, count(*)::int AS n
          FROM approval_votes WHERE decision = 'approve' GROUP BY request_id) v
 WHERE v.request_id = r.id;
