import type Database from 'better-sqlite3';
import m001 from './001_initial';
import m002 from './002_runs';
import m003 from './003_run_skipped';
import m004 from './004_dataset_layout';
import m005 from './005_image_excluded';
import m006 from './006_run_notes';
import m007 from './007_kept_labels';
import m008 from './008_image_totals';
import m009 from './009_grid_path_index';
import m010 from './010_analysis_backbone';
import m011 from './011_split_totals_and_sort_indexes';
import m012 from './012_filtered_path_indexes';
import m013 from './013_covering_orders_and_path_search';

/**
 * Numbered schema migrations. Append a new file for every change; never edit a shipped one.
 * Each runs in its own transaction together with the bump of `user_version`. Every write
 * transaction of the app is IMMEDIATE (takes the write lock up front), so two processes on one
 * workspace wait for each other instead of failing with SQLITE_BUSY on a lock upgrade.
 */
export const migrations: readonly string[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013];

export function runMigrations(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `This workspace was written by a newer ViT Studio (schema ${current}, this build knows ${migrations.length}).`,
    );
  }
  for (let v = current; v < migrations.length; v++) {
    // IMMEDIATE: a second process opening the same workspace waits here, then sees the version
    // the first one wrote and skips what is already applied.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) > v) return;
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
