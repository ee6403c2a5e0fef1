// Schema 7: "keep label" decisions of the suspicious-labels review. A person who looked at a
// flagged image and kept its label should not see it flagged again after the next analysis; the
// decision holds for that image *with that label*: relabelled, it is reviewable again. Deleting
// the image or the label drops the decision.
export default /* sql */ `
CREATE TABLE kept_labels (
  image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
  label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
  kept_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (image_id, label_id)
);
`;
