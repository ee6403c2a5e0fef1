// Schema 6: a run's name and note (the user's own words for what it tried), and the run it
// retrains ("retrain of #2"); a deleted parent leaves its retrains without a parent.
export default /* sql */ `
ALTER TABLE runs ADD COLUMN name TEXT;
ALTER TABLE runs ADD COLUMN note TEXT;
ALTER TABLE runs ADD COLUMN parent_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL;
`;
