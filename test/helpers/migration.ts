// Migration upgrade tests: a workspace database at the schema just before one migration, to be
// populated by the test and then opened (and so upgraded) with openWorkspace.
import Database from 'better-sqlite3';
import path from 'node:path';
import { migrations } from '../../src/main/engine/migrations';

/** <dir>/workspace.sqlite with every migration before `migration` applied (found by identity, so renumbering is harmless). */
export function databaseBefore(dir: string, migration: string): Database.Database {
  const version = migrations.indexOf(migration);
  if (version < 1) throw new Error('databaseBefore: not a registered migration (or the first one)');
  const db = new Database(path.join(dir, 'workspace.sqlite'));
  for (const sql of migrations.slice(0, version)) db.exec(sql);
  db.pragma(`user_version = ${version}`);
  return db;
}
