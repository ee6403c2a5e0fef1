import type Database from 'better-sqlite3';
import type { MapResult } from '../../../shared/api/data';
import type { Split } from '../../../shared/types';
import type { KfoldResult } from '../../tasks/registry';
import type { MapTaskResult } from '../../tasks/registry';
import type { AnalysisRecord } from './analysis-record';
import { keptImages } from './kept-labels';
import { goneSince, type GoneReason } from './gone-since';

// The map as the UI draws it: the stored layout, with labels and splits read now and the latest
// 'kfold' result's predictions (out-of-fold for labelled images, suggestions for the others).
// Images gone since it was computed (gone-since.ts) are left out and said.

export function mapResult(
  db: Database.Database,
  record: AnalysisRecord<MapTaskResult>,
  kfold: { record: AnalysisRecord<KfoldResult>; stale: boolean } | null,
  gone: ReadonlyMap<number, GoneReason>,
): MapResult {
  const rows = db
    .prepare(`SELECT id, label_id, split FROM images WHERE dataset_id = ?`)
    .all(record.datasetId) as { id: number; label_id: number | null; split: Split | null }[];
  const now = new Map(rows.map((r) => [r.id, r]));
  const predicted = new Map<number, number>();
  const suspicious = new Set<number>();
  if (kfold) {
    const k = kfold.record;
    k.value.predicted.forEach((c, item) => c >= 0 && predicted.set(k.imageIds[item]!, k.labelIds[c]!));
    const kept = keptImages(db, record.datasetId);
    for (const [item] of k.value.issues) if (!kept.has(k.imageIds[item]!)) suspicious.add(k.imageIds[item]!);
  }
  const keep = record.imageIds.flatMap((id, i) => (now.has(id) && !gone.has(id) ? [i] : []));
  const labels = db.prepare('SELECT id, name, color FROM labels WHERE dataset_id = ? ORDER BY id').all(record.datasetId) as MapResult['labels'];
  return {
    count: keep.length,
    imageIds: keep.map((i) => record.imageIds[i]!),
    x: keep.map((i) => record.value.x[i]!),
    y: keep.map((i) => record.value.y[i]!),
    labelIds: keep.map((i) => now.get(record.imageIds[i]!)!.label_id),
    splits: keep.map((i) => now.get(record.imageIds[i]!)!.split),
    predictedLabelIds: keep.map((i) => predicted.get(record.imageIds[i]!) ?? null),
    correct: keep.map((i) => {
      const id = record.imageIds[i]!;
      const label = now.get(id)!.label_id;
      return label === null || !predicted.has(id) ? null : predicted.get(id) === label;
    }),
    suspicious: keep.map((i) => suspicious.has(record.imageIds[i]!)),
    predictions: kfold ? (kfold.stale ? 'stale' : 'ready') : 'missing',
    labels,
    method: record.value.method,
    notes: record.notes,
    goneSince: goneSince(db, record.imageIds, gone, 'this map was computed'),
    computedAt: record.computedAt,
  };
}
