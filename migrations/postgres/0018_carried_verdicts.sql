-- Verdicts carried into a new round: what a verdict judged (the fingerprint of the item's
-- answer, comment and evidence files in its round), and whether it was carried from the
-- round before because none of that changed. Verdicts recorded before this have no
-- fingerprint and are never carried.
ALTER TABLE verdicts ADD COLUMN fingerprint TEXT;
ALTER TABLE verdicts ADD COLUMN carried BIGINT NOT NULL DEFAULT 0 CHECK (carried IN (0, 1));
