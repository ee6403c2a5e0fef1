// Schema 4: how a dataset's folder tree is read. split_folders: its first level is train/ val/ test/
// (classes below, those splits kept); label_level: the folder level labels come from (1 = first,
// counted below the split folders). Existing datasets keep what they were imported with.
export default /* sql */ `
ALTER TABLE datasets ADD COLUMN split_folders INTEGER NOT NULL DEFAULT 0;
ALTER TABLE datasets ADD COLUMN label_level INTEGER NOT NULL DEFAULT 1;
`;
