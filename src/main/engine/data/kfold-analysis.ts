import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { LabelIssuesResult, SuggestionsResult } from '../../../shared/api/data';
import { MIN_PER_CLASS } from '../../../shared/data/confident-learning';
import { ApiFailure } from '../../../shared/result';
import type { KfoldResult } from '../../tasks/registry';
import type { Workspace } from '../workspace';
import type { AnalysisPlan, AnalysisRecord } from './analysis-record';
import { packForWorker, type DatasetRead } from './dataset-items';
import { forEachInSlices } from '../../runs/image-rows';
import { dataImages, labelNames } from './data-images';
import { keptImages } from './kept-labels';
import { goneSince, leaveOutMissingFiles, type Gone } from './gone-since';

// The 'kfold' analysis: planned from the dataset's labelled and unlabelled images, answered as
// label issues (data.labelIssues) and suggestions (data.suggestions) from its stored result.

export const FOLDS = 5;
// The fold heads use fixed settings (analysis/out-of-fold.ts ANALYSIS_HEAD), not the run's head
// search (train/head-search.ts): measured on the bench set (10,000 × 768, 37 classes), one search on
// one fold split costs 24 s of CPU (5.9 s on a 1,500/500 subsample) against 3.2 s for all five fold
// heads, over the analysis's 5 s budget, for recall 0.91 → 0.93 at precision 1.00 (README, item 5).

/** "org/name@rev" → name and revision; a local folder (which may contain '@') stays whole. */
export function parseModelSpec(model: string): { model: string; revision: string | null } {
  if (fs.existsSync(model)) return { model: path.resolve(model), revision: null };
  const at = model.lastIndexOf('@');
  return at > 0 ? { model: model.slice(0, at), revision: model.slice(at + 1) } : { model, revision: null };
}

export function skippedNote(skipped: { relPath: string }[]): string[] {
  if (!skipped.length) return [];
  const first = skipped.slice(0, 3).map((s) => s.relPath).join(', ');
  return [`${skipped.length} image(s) were deleted or changed since import and are left out (${first}${skipped.length > 3 ? ', …' : ''}): rescan the dataset.`];
}

export function featureArgs(ws: Workspace, model: string) {
  return { ...parseModelSpec(model), paths: { features: ws.paths.features, graphs: ws.paths.graphs } };
}

/**
 * The 'kfold' job for what datasetItems read of the dataset: loops over its columns in slices (no
 * array per step), between the engine's other requests at 100,000 images (rule 5).
 */
export async function planKfold(ws: Workspace, datasetId: number, model: string, read: DatasetRead): Promise<AnalysisPlan<'data.kfold'>> {
  const db = ws.db;
  const { skipped, settled } = read;
  const { imageIds, labelIds: labelOf } = read.items;
  const perLabel = new Map<number, number>(); // label id → labelled images
  let labelled = 0;
  await forEachInSlices(labelOf.length, (k) => {
    const labelId = labelOf[k]!;
    if (labelId === null) return;
    labelled++;
    perLabel.set(labelId, (perLabel.get(labelId) ?? 0) + 1);
  });
  const labelIds = [...perLabel.keys()].sort((a, b) => a - b);
  if (!labelled) {
    throw new ApiFailure('invalid_argument', 'No image has a label yet: label a few images of at least two labels first.');
  }
  if (labelIds.length < 2) {
    const name = labelNames(db, datasetId).get(labelIds[0]!) ?? '?';
    throw new ApiFailure('invalid_argument', `All ${labelled} labelled images carry one label ("${name}"): checking labels and suggesting them need images of at least two labels.`);
  }
  const index = new Map(labelIds.map((id, i) => [id, i]));
  const labels = new Int32Array(labelOf.length);
  await forEachInSlices(labelOf.length, (k) => {
    const labelId = labelOf[k]!;
    labels[k] = labelId === null ? -1 : index.get(labelId)!;
  });
  const notes = skippedNote(skipped);
  if (labelled < FOLDS) notes.push(`Only ${labelled} images are labelled, fewer than ${FOLDS}: ${labelled} folds were used.`);
  const small = smallLabelsNote(db, datasetId, perLabel);
  if (small) notes.push(small);
  const packed = await packForWorker(read, labels);
  return {
    task: 'data.kfold',
    args: (jobId) => ({ jobId, features: featureArgs(ws, model), items: packed, labels: labelIds.length, folds: FOLDS, seed: 0 }),
    imageIds,
    labelIds,
    notes,
    settled,
  };
}

/**
 * Names the labels with too few images to be checked (when others are checked: with none, the
 * worker says that no label could be checked), the first five and how many more.
 */
function smallLabelsNote(db: Database.Database, datasetId: number, perLabel: Map<number, number>): string | null {
  const small = [...perLabel].filter(([, c]) => c < MIN_PER_CLASS).map(([id]) => id);
  if (!small.length || small.length === perLabel.size) return null;
  const names = labelNames(db, datasetId);
  const shown = small.slice(0, 5).map((id) => `"${names.get(id) ?? '?'}"`).join(', ');
  const more = small.length > 5 ? ` and ${small.length - 5} more` : '';
  const one = small.length === 1;
  return `${shown}${more} ${one ? 'has' : 'have'} fewer than ${MIN_PER_CLASS} labelled images: ${one ? 'its' : 'their'} images help train the heads but are not checked.`;
}

export function labelIssuesResult(db: Database.Database, record: AnalysisRecord<KfoldResult>, q: { offset: number; limit: number; kept: boolean }, gone: Gone): LabelIssuesResult {
  const v = record.value;
  const { offset, limit } = q;
  const names = labelNames(db, record.datasetId);
  // Images whose label a person kept leave the open list (and come in the kept one); gone ones leave both.
  const kept = keptImages(db, record.datasetId);
  const here = gone.reasons.size ? v.issues.filter(([item]) => !gone.reasons.has(record.imageIds[item]!)) : v.issues;
  const keptIssues = here.filter(([item]) => kept.has(record.imageIds[item]!));
  const list = q.kept ? keptIssues : keptIssues.length ? here.filter(([item]) => !kept.has(record.imageIds[item]!)) : here;
  const page = list.slice(offset, offset + limit);
  const images = dataImages(db, page.map(([item]) => record.imageIds[item]!));
  const foundMissing = leaveOutMissingFiles(images, gone);
  const issues = page.flatMap(([item, given, suggested, givenProb, suggestedProb], k) => {
    const image = images.get(record.imageIds[item]!);
    if (!image) return []; // deleted since
    const givenLabelId = record.labelIds[given]!;
    const suggestedLabelId = record.labelIds[suggested]!;
    return [{
      ...image,
      rank: offset + k + 1, // in the list asked for (open or kept)
      givenLabelId,
      givenLabel: names.get(givenLabelId) ?? '(deleted label)',
      suggestedLabelId,
      suggestedLabel: names.get(suggestedLabelId) ?? '(deleted label)',
      confidence: givenProb,
      suggestedConfidence: suggestedProb,
    }];
  });
  return {
    checked: v.checked,
    total: list.length - foundMissing,
    kept: keptIssues.length,
    issues,
    folds: v.folds,
    method: 'prune_by_noise_rate',
    outOfFoldAccuracy: v.outOfFoldAccuracy,
    head: v.head,
    notes: [...record.notes, ...v.notes],
    goneSince: goneSince(db, record.imageIds, gone.reasons, 'the labels were checked'),
    computedAt: record.computedAt,
  };
}

export function suggestionsResult(
  db: Database.Database,
  record: AnalysisRecord<KfoldResult>,
  q: { offset: number; limit: number; minScore?: number; labelId?: number },
  gone: Gone,
): SuggestionsResult {
  const names = labelNames(db, record.datasetId);
  // Images labelled since the analysis ran are no longer suggestions; gone ones neither.
  const labelledNow = new Set(db.prepare('SELECT id FROM images WHERE dataset_id = ? AND label_id IS NOT NULL').pluck().all(record.datasetId) as number[]);
  const unlabelled = record.value.suggestions.filter(([item]) => !labelledNow.has(record.imageIds[item]!));
  const open = gone.reasons.size ? unlabelled.filter(([item]) => !gone.reasons.has(record.imageIds[item]!)) : unlabelled;
  const matching = open
    .map(([item, top], k) => ({ item, top, order: k + 1 }))
    .filter(({ top }) => (q.minScore === undefined || top[0]![1] >= q.minScore) && (q.labelId === undefined || record.labelIds[top[0]![0]] === q.labelId));
  const page = matching.slice(q.offset, q.offset + q.limit);
  const images = dataImages(db, page.map(({ item }) => record.imageIds[item]!));
  const foundMissing = leaveOutMissingFiles(images, gone);
  const label = (c: number) => ({ labelId: record.labelIds[c]!, label: names.get(record.labelIds[c]!) ?? '(deleted label)' });
  const byLabel = new Map<number, number>();
  if (q.minScore !== undefined) for (const { top } of matching) byLabel.set(top[0]![0], (byLabel.get(top[0]![0]) ?? 0) + 1);
  const notes = [...record.notes, ...record.value.notes];
  if (!unlabelled.length) notes.push('Every image has a label: there is nothing to suggest.');
  return {
    unlabeled: open.length - foundMissing,
    total: matching.length - foundMissing,
    suggestions: page.flatMap(({ item, top, order }) => {
      const image = images.get(record.imageIds[item]!);
      if (!image) return [];
      const best = label(top[0]![0]);
      return [{ ...image, order, suggestedLabelId: best.labelId, suggestedLabel: best.label, score: top[0]![1], topK: top.map(([c, score]) => ({ ...label(c), score })) }];
    }),
    byLabel: [...byLabel].map(([c, count]) => ({ ...label(c), count })).sort((a, b) => b.count - a.count),
    notes,
    goneSince: goneSince(db, record.imageIds, gone.reasons, 'these suggestions were made'),
    computedAt: record.computedAt,
  };
}
