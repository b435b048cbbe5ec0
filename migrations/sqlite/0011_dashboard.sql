-- The criteria an assessment meets, as bits (bit n-1 for criterion number n), written with
-- its results: the dashboard reads one integer per site instead of a row per criterion.
ALTER TABLE assessments ADD COLUMN criteria_mask INTEGER NOT NULL DEFAULT 0;

UPDATE assessments SET criteria_mask = COALESCE((
    SELECT SUM(1 << (r.number - 1)) FROM criterion_results r
    WHERE r.assessment_id = assessments.id AND r.compliant = 1 AND r.number BETWEEN 1 AND 63
), 0);

-- The dashboard's trend counts fully compliant assessments per year: read from this index
-- alone, without visiting the others.
CREATE INDEX assessments_met_year ON assessments (criteria_met, year, site_id);
