import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiFailure } from '../../../shared/result';
import type { ImportReport, LabelsFrom, SkippedFile, Split } from '../../../shared/types';
import type { EngineContext } from '../context';
import { ensureLabels, recomputeDuplicates, requireDataset, type DatasetRow } from '../datasets-store';
import { splitNewImages } from '../splits-handlers';
import { labelFromPath } from './label-from';
import { describeLayout, detectSplitFolders, placeOf, type FolderLayout } from './layout';
import { DEFAULT_MAX_PIXELS, probeImage, type ProbedImage } from './probe';
import { ProgressReporter } from './progress';
import { scanFolder, type FoundFile } from './scan';
import { syncPathTrigrams } from '../path-trigrams';

export interface ImportOptions {
  folder: string;
  labelsFrom: LabelsFrom;
  name?: string;
  /** Files probed at once: sharp reads headers on libuv threads, so async concurrency fills the cores. */
  concurrency?: number;
  maxPixels?: number;
  /** Folder level labels come from (stored with a new dataset; a rescan uses the stored one). */
  labelLevel?: number;
  /** Look for train/ val/ test/ at the first level of a new dataset (a rescan uses what was found). */
  splitFolders?: boolean;
}

interface Existing {
  id: number;
  rel_path: string;
  hash: string;
  bytes: number;
  mtime_ms: number;
  status: string;
}

/** Resolves the folder to its real path; a missing or non-folder path is the user's error. */
export async function resolveRoot(folder: string): Promise<string> {
  const abs = path.resolve(folder);
  const real = await fs.realpath(abs).catch(() => null);
  if (!real) throw new ApiFailure('not_found', `Folder not found: ${abs}`);
  const st = await fs.stat(real);
  if (!st.isDirectory()) throw new ApiFailure('invalid_argument', `Not a folder: ${abs}`);
  return real;
}

/** datasets.import: a new dataset, or a rescan when this folder already is one. */
export async function importFolder(ctx: EngineContext, options: ImportOptions): Promise<ImportReport> {
  const root = await resolveRoot(options.folder);
  const db = ctx.ws.db;
  const existing = db.prepare('SELECT id FROM datasets WHERE root = ?').get(root) as { id: number } | undefined;
  if (existing) return rescanDataset(ctx, existing.id, options);
  const name = options.name ?? (path.basename(root) || root);
  const id = Number(
    db.prepare('INSERT INTO datasets (name, root, labels_from, label_level) VALUES (?, ?, ?, ?)')
      .run(name, root, options.labelsFrom, options.labelLevel ?? 1).lastInsertRowid,
  );
  try {
    return await rescanDataset(ctx, id, { ...options, detectSplitFolders: options.splitFolders ?? true });
  } catch (e) {
    // A first import that fails leaves no half dataset behind.
    db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
    throw e;
  }
}

/**
 * Brings a dataset in line with its folder: new files are added (labelled from the dataset's
 * labels_from), vanished ones marked missing, changed content re-hashed and marked changed, and a
 * new path whose content matches a vanished image takes over that image (label and split kept).
 * Files with unchanged size and mtime are not read again.
 */
export async function rescanDataset(
  ctx: EngineContext,
  datasetId: number,
  options: Partial<ImportOptions> & { detectSplitFolders?: boolean } = {},
): Promise<ImportReport> {
  const db = ctx.ws.db;
  let dataset: DatasetRow = requireDataset(db, datasetId);
  const root = await resolveRoot(dataset.root);
  const progress = new ProgressReporter(ctx, { jobId: `import-${datasetId}-${Date.now()}`, kind: 'import', datasetId });
  progress.phase('scanning', 0);
  const scan = await scanFolder(root, ctx.closing);
  const relPaths = scan.files.map((f) => f.relPath);
  if (options.detectSplitFolders) {
    // Decided once, at the first import: a rescan reads the tree the same way.
    const found = detectSplitFolders(relPaths);
    // A test/ folder is the dataset's answer key: locked, so a re-split (of train and val) never moves it.
    const lockTest = found && relPaths.some((p) => placeOf(p, { splitFolders: true, labelLevel: 1 }).split === 'test');
    db.prepare('UPDATE datasets SET split_folders = ?, test_locked = ? WHERE id = ?').run(found ? 1 : 0, lockTest ? 1 : 0, datasetId);
    dataset = requireDataset(db, datasetId);
  }
  const layout: FolderLayout = { splitFolders: dataset.split_folders === 1, labelLevel: dataset.label_level };

  const known = new Map<string, Existing>();
  for (const row of db
    .prepare('SELECT id, rel_path, hash, bytes, mtime_ms, status FROM images WHERE dataset_id = ?')
    .all(datasetId) as Existing[]) {
    known.set(row.rel_path, row);
  }
  const toProbe = scan.files.filter((f) => {
    const k = known.get(f.relPath);
    return !k || k.status === 'missing' || k.bytes !== f.bytes || k.mtime_ms !== f.mtimeMs;
  });

  const probed = new Map<string, ProbedImage>();
  const skipped: SkippedFile[] = [...scan.skipped];
  progress.phase('reading images', toProbe.length);
  let done = 0;
  let next = 0;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const worker = async () => {
    while (next < toProbe.length) {
      if (ctx.closing.aborted) throw new ApiFailure('cancelled', 'Import cancelled: the app is closing.');
      const file = toProbe[next++]!;
      const result = await probeImage(file.absPath, maxPixels);
      if (result.ok) probed.set(file.relPath, result);
      else skipped.push({ path: file.relPath, reason: result.reason });
      progress.update('reading images', ++done, toProbe.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  progress.update('saving', toProbe.length, toProbe.length, true);

  const counts = writeScan(ctx, dataset, layout, scan.files, known, probed, skipped);
  progress.update('done', toProbe.length, toProbe.length, true);
  ctx.emit({ type: 'dataset-changed', datasetId });
  return { ...buildReport(ctx, datasetId), ...counts, layout: describeLayout(relPaths, dataset.labels_from, layout) };
}

/** Every write of one scan in one transaction. */
function writeScan(
  ctx: EngineContext,
  dataset: DatasetRow,
  layout: FolderLayout,
  files: FoundFile[],
  known: Map<string, Existing>,
  probed: Map<string, ProbedImage>,
  skipped: SkippedFile[],
): { added: number; vanished: number } {
  const db = ctx.ws.db;
  const seen = new Set(files.map((f) => f.relPath));
  // Images that were here before and are gone now, by content: a new path with that content is a move.
  const vanishedByHash = new Map<string, Existing[]>();
  for (const k of known.values()) {
    if (seen.has(k.rel_path)) continue;
    const list = vanishedByHash.get(k.hash);
    if (list) list.push(k);
    else vanishedByHash.set(k.hash, [k]);
  }
  const skippedPaths = new Set(skipped.map((s) => s.path));
  const newLabelNames: string[] = [];
  for (const f of files) {
    if (!known.has(f.relPath) && probed.has(f.relPath)) {
      const label = labelFromPath(f.relPath, dataset.labels_from, layout);
      if (label) newLabelNames.push(label);
    }
  }
  const upd = db.prepare(
    `UPDATE images SET hash = ?, bytes = ?, mtime_ms = ?, width = ?, height = ?, format = ?, status = ? WHERE id = ?`,
  );
  const move = db.prepare(
    `UPDATE images SET rel_path = ?, bytes = ?, mtime_ms = ?, width = ?, height = ?, format = ?, status = 'ok' WHERE id = ?`,
  );
  const ins = db.prepare(
    `INSERT INTO images (dataset_id, rel_path, hash, bytes, mtime_ms, width, height, format, label_id, split)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const markMissing = db.prepare(`UPDATE images SET status = 'missing' WHERE id = ?`);
  let added = 0;
  let vanished = 0;
  db.transaction(() => {
    const labelIds = ensureLabels(db, dataset.id, newLabelNames);
    const moved = new Set<number>();
    for (const f of files) {
      const p = probed.get(f.relPath);
      const k = known.get(f.relPath);
      if (k) {
        if (skippedPaths.has(f.relPath)) {
          // Became unreadable: keep the row (and its label) as missing until it is fixed.
          if (k.status !== 'missing') markMissing.run(k.id);
          continue;
        }
        if (!p) continue; // unchanged size and mtime: not read again
        const status = k.status === 'missing' ? (p.hash === k.hash ? 'ok' : 'changed') : p.hash === k.hash ? k.status : 'changed';
        upd.run(p.hash, p.bytes, f.mtimeMs, p.width, p.height, p.format, status, k.id);
        continue;
      }
      if (!p) continue;
      const candidate = vanishedByHash.get(p.hash)?.find((v) => !moved.has(v.id));
      if (candidate) {
        moved.add(candidate.id);
        move.run(f.relPath, p.bytes, f.mtimeMs, p.width, p.height, p.format, candidate.id);
        continue;
      }
      const label = labelFromPath(f.relPath, dataset.labels_from, layout);
      // An image in a split folder keeps that split; the others are split below (splitNewImages).
      const split = placeOf(f.relPath, layout).split;
      ins.run(dataset.id, f.relPath, p.hash, p.bytes, f.mtimeMs, p.width, p.height, p.format, label ? labelIds.get(label)! : null, split);
      added++;
    }
    for (const list of vanishedByHash.values()) {
      for (const v of list) {
        if (moved.has(v.id)) continue;
        if (v.status !== 'missing') vanished++;
        markMissing.run(v.id);
      }
    }
    db.prepare('DELETE FROM skipped_files WHERE dataset_id = ?').run(dataset.id);
    const skip = db.prepare('INSERT OR REPLACE INTO skipped_files (dataset_id, rel_path, reason) VALUES (?, ?, ?)');
    for (const s of skipped) skip.run(dataset.id, s.path, s.reason);
    recomputeDuplicates(db, dataset.id);
    syncPathTrigrams(db);
  }).immediate();
  splitNewImages(db, dataset.id);
  return { added, vanished };
}

/** The ImportReport figures of the dataset as it is now. */
export function buildReport(ctx: EngineContext, datasetId: number): Omit<ImportReport, 'added' | 'vanished' | 'layout'> {
  const db = ctx.ws.db;
  const labels: Record<string, number> = {};
  const rows = db
    .prepare(
      `SELECT l.name AS name, count(i.id) AS n FROM labels l
       LEFT JOIN images i ON i.label_id = l.id AND i.status != 'missing' AND i.excluded = 0
       WHERE l.dataset_id = ? GROUP BY l.id ORDER BY l.name`,
    )
    .all(datasetId) as { name: string; n: number }[];
  for (const r of rows) labels[r.name] = r.n;
  const c = db
    .prepare(
      `SELECT count(*) AS images, sum(label_id IS NULL) AS unlabeled, count(duplicate_of) AS duplicates
       FROM images WHERE dataset_id = ? AND status != 'missing' AND excluded = 0`,
    )
    .get(datasetId) as { images: number; unlabeled: number | null; duplicates: number };
  const skipped = db
    .prepare('SELECT rel_path AS path, reason FROM skipped_files WHERE dataset_id = ? ORDER BY rel_path')
    .all(datasetId) as SkippedFile[];
  const splits: Record<Split, number> = { train: 0, val: 0, test: 0 };
  for (const r of db
    .prepare(`SELECT split, count(*) AS n FROM images WHERE dataset_id = ? AND status != 'missing' AND excluded = 0 AND split IS NOT NULL GROUP BY split`)
    .all(datasetId) as { split: Split; n: number }[]) {
    splits[r.split] = r.n;
  }
  return {
    dataset: datasetId,
    images: c.images,
    labels,
    unlabeled: c.unlabeled ?? 0,
    duplicates: c.duplicates,
    skipped,
    splits,
  };
}
