import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrations } from '../../../src/main/engine/migrations';
import { openWorkspace } from '../../../src/main/engine/workspace';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-ws-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('workspace', () => {
  it('creates the database in WAL mode with foreign keys and every migration applied', () => {
    const ws = openWorkspace(tmp());
    expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ws.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(ws.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    for (const dir of [ws.paths.thumbnails, ws.paths.features, ws.paths.graphs, ws.paths.runs]) {
      expect(fs.statSync(dir).isDirectory()).toBe(true);
    }
    ws.close();
  });

  it('re-opening is idempotent and keeps data', () => {
    const dir = tmp();
    const ws = openWorkspace(dir);
    ws.db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES ('a', '/x', 'none')").run();
    ws.close();
    const again = openWorkspace(dir);
    expect((again.db.prepare('SELECT count(*) AS n FROM datasets').get() as { n: number }).n).toBe(1);
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    again.close();
  });

  it('refuses a workspace written by a newer schema instead of corrupting it', () => {
    const dir = tmp();
    openWorkspace(dir).close();
    const db = new Database(path.join(dir, 'workspace.sqlite'));
    db.pragma(`user_version = ${migrations.length + 5}`);
    db.close();
    expect(() => openWorkspace(dir)).toThrow(/newer ViT Studio/);
  });
});
