// Schema 2: training runs and everything they produced. Rows of a run go away with the run;
// a run outlives deletions of its images' labels (it records what it trained on).
export default /* sql */ `
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled', 'interrupted')),
  config TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  finished_at TEXT,
  error TEXT,
  -- pid of the process that trains it: a 'running' run whose worker is gone was interrupted.
  worker_pid INTEGER,
  best_epoch INTEGER,
  -- head weights / full model: a folder under the workspace's runs/ folder.
  weights_path TEXT,
  extraction_s REAL,
  training_s REAL,
  images_per_s REAL,
  extracted INTEGER,
  cached INTEGER
);
CREATE INDEX runs_by_dataset ON runs (dataset_id, id);

CREATE TABLE run_images (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL,
  label_id INTEGER,
  split TEXT NOT NULL CHECK (split IN ('train', 'val', 'test')),
  PRIMARY KEY (run_id, image_id)
);

CREATE TABLE run_epochs (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  epoch INTEGER NOT NULL,
  train_loss REAL NOT NULL,
  train_acc REAL NOT NULL,
  val_loss REAL,
  val_acc REAL,
  PRIMARY KEY (run_id, epoch)
);

CREATE TABLE run_metrics (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  accuracy REAL NOT NULL,
  macro_f1 REAL NOT NULL,
  weighted_f1 REAL NOT NULL,
  per_class TEXT NOT NULL,
  confusion TEXT NOT NULL,
  count INTEGER NOT NULL
);

CREATE TABLE run_predictions (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  image_id INTEGER NOT NULL,
  split TEXT NOT NULL CHECK (split IN ('train', 'val', 'test')),
  true_label_id INTEGER,
  predicted_label_id INTEGER NOT NULL,
  confidence REAL NOT NULL,
  top_k TEXT NOT NULL,
  PRIMARY KEY (run_id, image_id)
);
CREATE INDEX run_predictions_by_conf ON run_predictions (run_id, split, confidence);
`;
