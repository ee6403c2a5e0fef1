// Schema 9: the Browse grid's default order (a dataset's images, excluded or not, by path) read
// straight from an index. The grid asks for every page it shows; with only (dataset_id, rel_path)
// each page at offset 50,000 of a 100,000-image dataset looked up 50,000 rows to test `excluded`
// (~16-30 ms on the engine's event loop); with this index it walks index entries (~4 ms).
export default /* sql */ `
CREATE INDEX images_by_path ON images (dataset_id, excluded, rel_path);
`;
