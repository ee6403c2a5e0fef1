import crypto from 'node:crypto';
import { expect, it } from 'vitest';
import imageTotals from '../../../../src/main/engine/migrations/008_image_totals';
import { openWorkspace } from '../../../../src/main/engine/workspace';
import { fingerprint } from '../../../../src/main/engine/data/dataset-items';
import { datasetCounts, fingerprintSums } from '../../../../src/main/engine/image-totals';
import { databaseBefore } from '../../../helpers/migration';
import { useTempDirs } from '../../../helpers/temp-dirs';
import { scanDatasetCounts, scanFingerprintSums, scanLabelCounts } from '../scan-counts';

const tmp = useTempDirs();

it('upgrades a populated workspace: totals equal the scan of its images, fingerprints unchanged (cached analyses stay fresh)', () => {
  const dir = tmp('vit-mig-totals-');
  const db = databaseBefore(dir, imageTotals);
  db.prepare("INSERT INTO datasets (id, name, root, labels_from) VALUES (1, 'old', '/data/old', 'folders'), (2, 'other', '/data/other', 'none')").run();
  db.prepare("INSERT INTO labels (id, dataset_id, name, color) VALUES (1, 1, 'cat', '#111111'), (2, 1, 'dog', '#222222')").run();
  const ins = db.prepare('INSERT INTO images (id, dataset_id, rel_path, hash, bytes, width, height, format, label_id, split, status, excluded, duplicate_of) VALUES (?, ?, ?, ?, 1, 1, 1, ?, ?, ?, ?, ?, ?)');
  const rows: [number, number, string, string, number | null, string, string, number, number | null][] = [
    [1, 1, 'cat/a.png', 'a1b2c3', 1, 'train', 'ok', 0, null],
    [2, 1, 'cat/a-copy.png', 'a1b2c3', 1, 'train', 'ok', 0, 1],
    [3, 1, 'dog/b.png', 'ff00', 2, 'val', 'ok', 0, null],
    [4, 1, 'dog/gone.png', 'ee11', 2, 'test', 'missing', 0, null],
    [5, 1, 'dog/edited.png', 'dd22', 2, 'train', 'changed', 0, null],
    [6, 1, 'left-out.png', 'cc33', 1, 'train', 'ok', 1, null],
    [7, 1, 'loose.png', '9', null, 'train', 'ok', 0, null],
    [8, 1, 'loose2.png', '', null, 'train', 'ok', 0, null],
    [9, 2, 'x.png', 'abc', null, 'train', 'ok', 0, null],
  ];
  for (const [id, ds, rel, hash, label, split, status, excluded, dup] of rows) ins.run(id, ds, rel, hash, 'png', label, split, status, excluded, dup);
  const before = [1, 2, 3].map((id) => ({ counts: scanDatasetCounts(db, id), sums: scanFingerprintSums(db, id), labels: scanLabelCounts(db, id) }));
  db.close();

  const ws = openWorkspace(dir);
  try {
    expect(ws.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(8);
    expect(ws.db.prepare('SELECT count(*) FROM images').pluck().get()).toBe(rows.length);
    [1, 2, 3].forEach((id, k) => {
      expect(datasetCounts(ws.db, id)).toEqual(before[k]!.counts);
      expect(fingerprintSums(ws.db, id)).toEqual(before[k]!.sums);
      expect(scanLabelCounts(ws.db, id)).toEqual(before[k]!.labels);
    });
    expect(datasetCounts(ws.db, 1)).toEqual({ images: 6, labeled: 4, duplicates: 1, excluded: 1, unlabeled: 2 });
    // The fingerprint a cached analysis was stored with before the upgrade still matches.
    const s = before[0]!.sums;
    for (const kind of ['kfold', 'map'] as const) {
      const stored = crypto.createHash('sha1').update(JSON.stringify([kind, 'm', s.n, s.ids, s.hashes, kind === 'kfold' ? s.labels : 0])).digest('hex');
      expect(fingerprint(ws.db, 1, kind, 'm')).toBe(stored);
    }
    // Edits after the upgrade keep the totals in step.
    ws.db.prepare('UPDATE images SET label_id = 2 WHERE id = 7').run();
    ws.db.prepare("UPDATE images SET status = 'missing' WHERE id = 3").run();
    ws.db.prepare('DELETE FROM images WHERE id = 2').run();
    expect(datasetCounts(ws.db, 1)).toEqual(scanDatasetCounts(ws.db, 1));
    expect(fingerprintSums(ws.db, 1)).toEqual(scanFingerprintSums(ws.db, 1));
  } finally {
    ws.close();
  }
});
