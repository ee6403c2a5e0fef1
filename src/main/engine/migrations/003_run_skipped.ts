// Schema 3: the images a run left out because they vanished or changed on disk since import.
export default /* sql */ `
ALTER TABLE runs ADD COLUMN skipped TEXT NOT NULL DEFAULT '[]';
`;
