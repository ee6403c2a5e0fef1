import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { NearDuplicatesResult, SimilarResult } from '../../../shared/api/data';
import { nearDuplicateGroups } from '../../../shared/data/near-duplicates';
import { nearestRows } from '../../../shared/data/nearest';
import { ApiFailure } from '../../../shared/result';
import type { Split } from '../../../shared/types';
import type { NeighborsResult } from '../../tasks/registry';
import type { MapTaskResult } from '../../tasks/registry';
import { FeatureCache } from '../../model/feature-cache';
import type { Workspace } from '../workspace';
import type { AnalysisPlan, AnalysisRecord } from './analysis-record';
import { packForWorker, type DatasetRead } from './dataset-items';
import { dataImages } from './data-images';
import { featureArgs, skippedNote } from './kfold-analysis';
import { goneSince, goneWord, type GoneReason } from './gone-since';

// The 'neighbors' and 'map' analyses share their start (features → PCA → k-NN graph, written as
// binary files). "More like this" searches the PCA-reduced vectors (about 5 million multiply-adds
// at 100,000 images) and re-scores the best candidates with the full features from the cache;
// near-duplicate groups come from the graph. Images gone since the index was built
// (gone-since.ts) are left out of both.

const FILES = ['reduced.f32', 'knn.i32', 'sims.f32'] as const;

/** The 'neighbors' or 'map' job for what datasetItems read of the dataset. */
export async function planNeighbors<T extends 'data.neighbors' | 'data.map'>(ws: Workspace, dir: string, datasetId: number, model: string, task: T, read: DatasetRead): Promise<AnalysisPlan<T>> {
  const { items, skipped, settled } = read;
  const n = items.imageIds.length;
  if (n < 2) throw new ApiFailure('invalid_argument', `This dataset has ${n} readable image(s): look-alikes and the map need at least two.`);
  const base = (jobId: string) => path.join(dir, String(datasetId), `neighbors-${jobId}`);
  const packed = await packForWorker(read); // now, between other requests, not when the job starts
  return {
    task,
    args: (jobId) => {
      fs.mkdirSync(path.dirname(base(jobId)), { recursive: true });
      return { jobId, features: featureArgs(ws, model), items: packed, base: base(jobId) } as never;
    },
    imageIds: items.imageIds,
    labelIds: [],
    notes: skippedNote(skipped),
    settled,
    files: (jobId) => FILES.map((f) => `${base(jobId)}.${f}`),
    companions: task === 'data.map' ? (value) => [{ kind: 'neighbors', value: (value as MapTaskResult).neighbors }] : undefined,
  };
}

function readArray<T extends Float32Array | Int32Array>(file: string, make: (b: ArrayBuffer) => T): T {
  const buf = fs.readFileSync(file);
  return make(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

/** The binary files of a neighbours record, read once and kept for the next queries. */
export class NeighborFiles {
  private cached: { files: string; reduced: Float32Array; knn: Int32Array; sims: Float32Array; index: Map<number, number> } | null = null;

  load(record: AnalysisRecord<NeighborsResult>) {
    const files = record.files ?? [];
    if (this.cached?.files !== files.join()) {
      const [reduced, knn, sims] = files;
      if (!reduced || !knn || !sims || !fs.existsSync(reduced)) throw new ApiFailure('unavailable', 'The neighbour index is missing on disk: ask again to rebuild it.');
      this.cached = {
        files: files.join(),
        reduced: readArray(reduced, (b) => new Float32Array(b)),
        knn: readArray(knn, (b) => new Int32Array(b)),
        sims: readArray(sims, (b) => new Float32Array(b)),
        index: new Map(record.imageIds.map((id, i) => [id, i])),
      };
    }
    return this.cached;
  }
}

/**
 * Candidates re-scored by the exact cosine similarity of their full cached features, best first;
 * null when the query's own features are gone (candidates whose features are gone are dropped).
 */
export function rerankByCosine(cache: FeatureCache, modelKey: string, D: number, queryHash: string, candidates: { id: number; hash: string }[]): [number, number][] | null {
  const vec = new Float32Array(D);
  const unit = (hash: string): Float32Array | null => {
    try {
      cache.readInto(modelKey, { hash, view: 'clean' }, vec, 0, D);
    } catch {
      return null; // changed since the index was built
    }
    let s = 0;
    for (const v of vec) s += v * v;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    return Float32Array.from(vec, (v) => v * inv);
  };
  const query = unit(queryHash);
  if (!query) return null;
  const scored = candidates.flatMap(({ id, hash }) => {
    const v = unit(hash);
    if (!v) return [];
    let s = 0;
    for (let j = 0; j < D; j++) s += query[j]! * v[j]!;
    return [[s, id] as [number, number]];
  });
  return scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
}

export function similarResult(
  ws: Workspace,
  files: NeighborFiles,
  record: AnalysisRecord<NeighborsResult>,
  q: { imageId: number; k: number; labeledOnly: boolean },
  gone: ReadonlyMap<number, GoneReason>,
): SimilarResult {
  const db = ws.db;
  const { reduced, index } = files.load(record);
  const { n, p, D, modelKey } = record.value;
  const self = index.get(q.imageId);
  if (self === undefined) throw new ApiFailure('not_found', `Image ${q.imageId} is not in this dataset's neighbour index (added or changed since): ask again once it is rebuilt.`);
  const why = gone.get(q.imageId);
  if (why) throw new ApiFailure('not_found', `Image ${q.imageId} was ${goneWord(why)} since the look-alikes were computed: it has none to show.`);
  const labelled = q.labeledOnly
    ? new Set(db.prepare('SELECT id FROM images WHERE dataset_id = ? AND label_id IS NOT NULL').pluck().all(record.datasetId) as number[])
    : null;
  // The best 2k + 10 candidates in the reduced space go on to the full features (each one a cache read).
  const want = Math.min(n - 1, 2 * q.k + 10);
  const keep = (i: number) => !gone.has(record.imageIds[i]!) && (!labelled || labelled.has(record.imageIds[i]!));
  const rows = nearestRows(reduced, n, p, self, want, gone.size || labelled ? keep : undefined);
  const candidates = rows.map((i) => record.imageIds[i]!);
  const hashes = new Map(
    (db.prepare('SELECT id, hash FROM images WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify([q.imageId, ...candidates])) as { id: number; hash: string }[]).map((r) => [r.id, r.hash]),
  );
  const cache = new FeatureCache(ws.paths.features);
  try {
    const top = rerankByCosine(cache, modelKey, D, hashes.get(q.imageId)!, candidates.flatMap((id) => (hashes.has(id) ? [{ id, hash: hashes.get(id)! }] : [])));
    if (!top) throw new ApiFailure('unavailable', `The features of image ${q.imageId} are no longer cached: ask again to rebuild the index.`);
    top.length = Math.min(top.length, q.k);
    const images = dataImages(db, [q.imageId, ...top.map(([, id]) => id)]);
    return {
      image: images.get(q.imageId)!,
      neighbors: top.flatMap(([similarity, id]) => (images.has(id) ? [{ ...images.get(id)!, similarity }] : [])),
    };
  } finally {
    cache.close();
  }
}

export function nearDuplicatesResult(
  db: Database.Database,
  files: NeighborFiles,
  record: AnalysisRecord<NeighborsResult>,
  q: { threshold: number; offset: number; limit: number; leakageOnly: boolean },
  gone: ReadonlyMap<number, GoneReason>,
): NearDuplicatesResult {
  const { knn, sims } = files.load(record);
  const { n, k } = record.value;
  const raw = nearDuplicateGroups(knn, sims, n, k, q.threshold, gone.size ? (i) => gone.has(record.imageIds[i]!) : undefined);
  const ids = raw.flatMap((g) => g.members.map((i) => record.imageIds[i]!));
  const splitOf = new Map(
    (db.prepare('SELECT id, split, label_id FROM images WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { id: number; split: Split | null; label_id: number | null }[]).map((r) => [r.id, r]),
  );
  const groups = raw
    .map((g) => {
      const here = g.members.flatMap((i, m) => (splitOf.has(record.imageIds[i]!) ? [m] : []));
      const members = here.map((m) => g.members[m]!);
      const similarities = here.map((m) => g.similarities[m]!);
      const splits = [...new Set(members.map((i) => splitOf.get(record.imageIds[i]!)!.split).filter((s): s is Split => s !== null))];
      const labels = new Set(members.map((i) => splitOf.get(record.imageIds[i]!)!.label_id).filter((l) => l !== null));
      return { ...g, members, similarities, splits, leakage: splits.length > 1, labelConflict: labels.size > 1 };
    })
    .filter((g) => g.members.length > 1 && (!q.leakageOnly || g.leakage));
  const page = groups.slice(q.offset, q.offset + q.limit);
  const images = dataImages(db, page.flatMap((g) => g.members.map((i) => record.imageIds[i]!)));
  const notes = [...record.notes];
  if (!groups.length) notes.push(`No two images are at least ${q.threshold} similar${q.leakageOnly ? ' across splits' : ''}.`);
  return {
    threshold: q.threshold,
    total: groups.length,
    groups: page.map((g) => ({
      // Each image's similarity to the group's first, as the grouping joined it (near-duplicates.ts).
      images: g.members.map((i, m) => ({ ...images.get(record.imageIds[i]!)!, similarity: g.similarities[m]! })),
      maxSimilarity: g.maxSimilarity,
      minSimilarity: g.minSimilarity,
      leakage: g.leakage,
      splits: g.splits,
      labelConflict: g.labelConflict,
    })),
    imagesInGroups: groups.reduce((a, g) => a + g.members.length, 0),
    leakageGroups: groups.filter((g) => g.leakage).length,
    notes,
    goneSince: goneSince(db, record.imageIds, gone, 'the look-alikes were computed'),
  };
}
