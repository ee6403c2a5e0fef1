import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { requireDataset } from '../datasets-store';
import { checkImagesOnDisk, type DiskImage } from '../../runs/disk-check';
import { readPaged } from '../../runs/image-rows';

// Which image files of a dataset are gone from disk, found without blocking the engine's event
// loop: a cached analysis (the map, look-alikes, label issues) is answered for images that may have
// been deleted since it was computed, and a stat of 100,000 files on the loop would freeze every
// other request. The check reads the dataset's paths in pages (readPaged), lists each
// folder once (fs.promises.readdir: one call per folder, not one per file) and confirms the few
// names a listing lacks with an asynchronous stat. Nothing is marked in the database (the
// analyses' fingerprint would change and they would all start again): the answers leave the
// images out and say so, and "Recompute" marks them (data-handlers.ts).

const FOLDERS_AT_ONCE = 4;
/** Between two checks of one dataset: at least this, and ten times what the last one took. */
const MIN_INTERVAL_MS = 3000;

interface DatasetCheck {
  missing: Set<number>;
  running: Promise<void> | null;
  finishedAt: number;
  tookMs: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export class MissingFiles {
  private readonly checks = new Map<number, DatasetCheck>();

  /** `changed(datasetId)` is called when a check finds another set of files missing than the last one. */
  constructor(
    private readonly db: Database.Database,
    private readonly changed: (datasetId: number) => void,
    closing: AbortSignal,
  ) {
    closing.addEventListener('abort', () => {
      for (const c of this.checks.values()) if (c.timer) clearTimeout(c.timer);
    });
  }

  /** Images of the dataset found missing on disk by its latest check (empty before the first). */
  known(datasetId: number): ReadonlySet<number> {
    return this.checks.get(datasetId)?.missing ?? new Set();
  }

  /** Files found missing elsewhere (a page of an answer), until the next check. */
  add(datasetId: number, imageIds: number[]): void {
    const c = this.entry(datasetId);
    for (const id of imageIds) c.missing.add(id);
  }

  /**
   * Marks the files found missing in the database, checked once more as a run checks its images
   * (disk-check.ts): the analyses' fingerprint moves, so asking for them computes them again
   * without these images. Answers how many were marked.
   */
  async mark(datasetId: number): Promise<number> {
    const c = this.checks.get(datasetId);
    if (!c?.missing.size) return 0;
    const rows = this.db
      .prepare(`SELECT id, rel_path, hash, bytes, mtime_ms FROM images WHERE id IN (SELECT value FROM json_each(?)) AND status = 'ok'`)
      .all(JSON.stringify([...c.missing])) as DiskImage[];
    c.missing = new Set();
    return (await checkImagesOnDisk(this.db, requireDataset(this.db, datasetId).root, rows)).length;
  }

  /**
   * Starts a check of the dataset's files, or schedules one when a check ran moments ago (its
   * answer is recent enough: resolves at once). `now`: resolves once a check that started after
   * this call has finished (the CLI's answers, which are printed once).
   */
  refresh(datasetId: number, now = false): Promise<void> {
    const check = this.entry(datasetId);
    if (now) return (check.running ?? Promise.resolve()).then(() => check.running ?? this.run(datasetId, check));
    if (check.running) return check.running;
    const wait = check.finishedAt + Math.max(MIN_INTERVAL_MS, 10 * check.tookMs) - Date.now();
    if (check.finishedAt > 0 && wait > 0) {
      if (!check.timer) {
        check.timer = setTimeout(() => {
          check.timer = null;
          if (!check.running) void this.run(datasetId, check);
        }, wait);
        check.timer.unref?.(); // a check nobody waits for never keeps a process (the CLI) alive
      }
      return Promise.resolve();
    }
    return this.run(datasetId, check);
  }

  private entry(datasetId: number): DatasetCheck {
    let c = this.checks.get(datasetId);
    if (!c) this.checks.set(datasetId, (c = { missing: new Set(), running: null, finishedAt: 0, tookMs: 0, timer: null }));
    return c;
  }

  private run(datasetId: number, c: DatasetCheck): Promise<void> {
    const t0 = Date.now();
    c.running = missingOnDisk(this.db, datasetId).then(
      (missing) => {
        const same = missing.size === c.missing.size && [...missing].every((id) => c.missing.has(id));
        c.missing = missing;
        if (!same) this.changed(datasetId);
      },
      () => undefined, // the dataset was deleted meanwhile, or its folder cannot be listed: nothing known
    );
    c.running = c.running.finally(() => {
      c.running = null;
      c.finishedAt = Date.now();
      c.tookMs = c.finishedAt - t0;
    });
    return c.running;
  }
}

/**
 * The dataset's readable, not excluded images whose file is not on disk. Nothing when the dataset's
 * folder itself cannot be reached (an unplugged drive, a share offline): that says nothing of its files.
 */
export async function missingOnDisk(db: Database.Database, datasetId: number): Promise<Set<number>> {
  const byFolder = new Map<string, Map<string, number>>();
  const root = requireDataset(db, datasetId).root;
  if (!(await fs.promises.stat(root).then((s) => s.isDirectory(), () => false))) return new Set();
  // Each page seeks its range in the index (dataset_id, excluded, status) of migration 011, in id
  // order (an index without status made SQLite sort every row of the dataset for each page).
  const sql = `SELECT id, rel_path FROM images WHERE dataset_id = ? AND excluded = 0 AND status = 'ok' AND id > ? ORDER BY id LIMIT ?`;
  await readPaged<{ id: number; rel_path: string }>(db, sql, [datasetId], (r) => {
    // Paths are stored with '/' (import), so a slice splits them; path.dirname costs more per row.
    const cut = r.rel_path.lastIndexOf('/');
    const folder = cut < 0 ? '' : r.rel_path.slice(0, cut);
    let names = byFolder.get(folder);
    if (!names) byFolder.set(folder, (names = new Map()));
    names.set(r.rel_path.slice(cut + 1), r.id);
  });
  requireDataset(db, datasetId); // still there after the pages (throws when it was deleted meanwhile)
  const missing = new Set<number>();
  const folders = [...byFolder];
  const listNext = async (): Promise<void> => {
    for (let f = folders.pop(); f; f = folders.pop()) {
      const [folder, names] = f;
      const listed = new Set(await fs.promises.readdir(path.join(root, folder)).catch(() => [] as string[]));
      const lacking = [...names].filter(([name]) => !listed.has(name));
      // A listing may spell a name otherwise (case, Unicode normalisation): a stat says for sure.
      for (const [name, id] of lacking) {
        if (!(await fs.promises.stat(path.join(root, folder, name)).then(() => true, () => false))) missing.add(id);
      }
    }
  };
  await Promise.all(Array.from({ length: FOLDERS_AT_ONCE }, listNext));
  return missing;
}
