-- What the requester and the approvers were shown when the request was opened (costs, commitment,
-- dry-run verdict), kept apart from the payload that is executed: display facts must never change
-- what is sent to Pax8, and every later copy of the card must show the same facts.
ALTER TABLE approval_requests ADD COLUMN preview jsonb;
