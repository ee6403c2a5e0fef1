// Schema 10: the backbone a dataset's analyses use in the app (the "Features of" choice of the
// Review, Map and look-alike screens), kept in the workspace so that the desktop app and `serve`
// in any browser agree on it; NULL is the default (the latest finished run's backbone, else the
// default model). Before, each browser kept its own in localStorage.
export default /* sql */ `
ALTER TABLE datasets ADD COLUMN analysis_model TEXT;
`;
