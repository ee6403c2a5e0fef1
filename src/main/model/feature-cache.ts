import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import path from 'node:path';
import fs from 'node:fs';
import type { BackbonePrecision } from '../../shared/api/runs';
import type { ViTConfig } from '../../shared/model/vit-config';

// The feature cache: one float32 vector per (model key, image content hash, view), in its own
// SQLite file under the workspace's cache/features folder (so the worker that fills it never
// contends with the main database). Every run reuses it; a changed image has a new hash and so a
// new row, an unchanged one is never computed twice.

/** The view key of the preprocessed image itself (augmented views have their own keys). */
export const CLEAN_VIEW = 'clean';

/**
 * Features of one model, image processor and precision. The family and its pooling are part of the
 * key: the same weights read as another family (or an older feature definition) are other features.
 */
export function modelCacheKey(
  folder: string,
  model: { config: Pick<ViTConfig, 'family' | 'pooling'>; preprocessor: unknown },
  precision: BackbonePrecision = 'fp32',
): string {
  const st = fs.statSync(path.join(folder, 'model.safetensors'));
  const feature = `${model.config.family}:${model.config.pooling}`;
  const id = JSON.stringify([fs.realpathSync(folder), st.size, Math.round(st.mtimeMs), feature, model.preprocessor, ...(precision === 'int8' ? ['int8'] : [])]);
  return crypto.createHash('sha1').update(id).digest('hex');
}

export interface FeatureKey {
  hash: string;
  /** 'clean' (the preprocessed image) or an augmented view key. */
  view: string;
}

export class FeatureCache {
  readonly db: Database.Database;
  private readonly getStmt: Database.Statement;
  private readonly hasStmt: Database.Statement;
  private readonly putStmt: Database.Statement;

  constructor(featuresDir: string) {
    fs.mkdirSync(featuresDir, { recursive: true });
    this.db = new Database(path.join(featuresDir, 'features.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS features (
      model_key TEXT NOT NULL, hash TEXT NOT NULL, view TEXT NOT NULL, dim INTEGER NOT NULL, vec BLOB NOT NULL,
      PRIMARY KEY (model_key, hash, view)) WITHOUT ROWID`);
    this.getStmt = this.db.prepare('SELECT vec FROM features WHERE model_key = ? AND hash = ? AND view = ?');
    this.hasStmt = this.db.prepare('SELECT 1 FROM features WHERE model_key = ? AND hash = ? AND view = ?').pluck();
    this.putStmt = this.db.prepare('INSERT OR REPLACE INTO features (model_key, hash, view, dim, vec) VALUES (?, ?, ?, ?, ?)');
  }

  /** The keys not in the cache yet, in the given order, without duplicates. */
  missing(modelKey: string, keys: FeatureKey[]): FeatureKey[] {
    const seen = new Set<string>();
    const out: FeatureKey[] = [];
    for (const k of keys) {
      const id = `${k.hash}\u0000${k.view}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if (!this.hasStmt.get(modelKey, k.hash, k.view)) out.push(k);
    }
    return out;
  }

  /** One transaction per batch: a killed worker leaves whole batches or nothing. */
  put(modelKey: string, rows: { key: FeatureKey; vec: Float32Array }[]): void {
    this.db.transaction(() => {
      for (const { key, vec } of rows) {
        this.putStmt.run(modelKey, key.hash, key.view, vec.length, Buffer.from(vec.buffer, vec.byteOffset, vec.byteLength));
      }
    }).immediate();
  }

  /** Copies the vector of `key` into `out` at row `row` (of width dim); throws when absent. */
  readInto(modelKey: string, key: FeatureKey, out: Float32Array, row: number, dim: number): void {
    const blob = this.getStmt.pluck().get(modelKey, key.hash, key.view) as Buffer | undefined;
    if (!blob) throw new Error(`feature cache lacks ${key.hash}/${key.view}`);
    if (blob.byteLength !== dim * 4) throw new Error(`feature cache row ${key.hash}/${key.view} has ${blob.byteLength / 4} values, expected ${dim}`);
    out.set(new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength)), row * dim);
  }

  close(): void {
    this.db.close();
  }
}
