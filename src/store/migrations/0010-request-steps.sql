-- Multi-step requests (onboarding, offboarding): each attempted write names the step it belongs to,
-- so a request stopped part-way knows which steps were sent, and a resumed or recovered request
-- settles a lost answer with that step's own reading. NULL for single-write requests.
ALTER TABLE pax8_writes ADD COLUMN step text;
