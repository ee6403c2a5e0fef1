// Schema 5: an image can be left out of its dataset (a copy after "keep one" of duplicates, or
// by hand) without touching its file: not split, trained, counted or shown by default.
export default /* sql */ `
ALTER TABLE images ADD COLUMN excluded INTEGER NOT NULL DEFAULT 0;
`;
