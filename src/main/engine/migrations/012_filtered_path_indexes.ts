// Schema 12: the grid's default order (by path) under a label, split or status filter read straight
// from an index, as migration 009 did for the unfiltered grid. Clicking a label in the sidebar, the
// Label screen's "Unlabeled", a split button or "Missing files" asked for pages that walked every
// image of the dataset in path order to test the filter (or sorted the filter's images on each
// page): 15-45 ms per page at 100,000 images, more with larger classes. With (dataset_id,
// excluded, column, rel_path) a page walks only the filter's index entries.
export default /* sql */ `
CREATE INDEX images_by_label_path ON images (dataset_id, excluded, label_id, rel_path);
CREATE INDEX images_by_split_path ON images (dataset_id, excluded, split, rel_path);
CREATE INDEX images_by_status_path ON images (dataset_id, excluded, status, rel_path);
`;
