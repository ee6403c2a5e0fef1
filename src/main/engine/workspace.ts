import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMigrations } from './migrations';
import { syncPathTrigrams } from './path-trigrams';

export interface WorkspacePaths {
  root: string;
  database: string;
  thumbnails: string;
  features: string;
  /** Built ONNX graphs of backbones (graph-cache.ts). */
  graphs: string;
  runs: string;
}

/** The platform's per-user app-data folder, as Electron's app.getPath('userData') would give it. */
export function defaultWorkspaceDir(): string {
  if (process.env.VIT_STUDIO_HOME) return path.resolve(process.env.VIT_STUDIO_HOME);
  const home = os.homedir();
  if (process.platform === 'win32') {
    return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'ViT Studio');
  }
  if (process.platform === 'darwin') {
    return path.join(home, 'Library', 'Application Support', 'ViT Studio');
  }
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'vit-studio');
}

export function workspacePaths(root: string): WorkspacePaths {
  return {
    root,
    database: path.join(root, 'workspace.sqlite'),
    thumbnails: path.join(root, 'cache', 'thumbnails'),
    features: path.join(root, 'cache', 'features'),
    graphs: path.join(root, 'cache', 'onnx'),
    runs: path.join(root, 'runs'),
  };
}

export interface Workspace {
  paths: WorkspacePaths;
  db: Database.Database;
  close(): void;
}

/**
 * Opens (creating if needed) a workspace folder: one SQLite database in WAL mode with foreign keys
 * and all migrations applied, plus cache folders.
 */
export function openWorkspace(root: string): Workspace {
  const paths = workspacePaths(path.resolve(root));
  for (const dir of [paths.root, paths.thumbnails, paths.features, paths.graphs, paths.runs]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const db = new Database(paths.database);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commit).
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  runMigrations(db);
  // Paths written by a process that did not move the triggers' log into the trigram index (rows
  // inserted by hand, a bench's seed): a search reads them from the log until they are moved.
  syncPathTrigrams(db);
  return {
    paths,
    db,
    close: () => db.close(),
  };
}
