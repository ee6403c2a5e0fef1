import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { Engine } from '../../../../src/main/engine/engine';
import { fingerprint } from '../../../../src/main/engine/data/dataset-items';
import { setKept } from '../../../../src/main/engine/data/kept-labels';
import { resultFile } from '../../../../src/main/engine/data/analysis-brief';
import type { AnalysisKind } from '../../../../src/shared/api/data';
import { useTempDirs } from '../../../helpers/temp-dirs';

const tmp = useTempDirs();
const MODEL = 'org/backbone';

/** A workspace with 40 images (every fourth unlabelled) and, in its analysis cache, kfold and map results as a build before briefs wrote them. */
function workspaceWithCachedResults(dir: string) {
  const engine = new Engine(dir);
  const db = engine.ctx.ws.db;
  const datasetId = Number(db.prepare("INSERT INTO datasets (name, root, labels_from) VALUES ('d', '/nonexistent', 'folders')").run().lastInsertRowid);
  const labels = ['a', 'b'].map((name) => Number(db.prepare("INSERT INTO labels (dataset_id, name, color) VALUES (?, ?, '#000000')").run(datasetId, name).lastInsertRowid));
  const insert = db.prepare("INSERT INTO images (dataset_id, rel_path, hash, bytes, width, height, format, label_id) VALUES (?, ?, ?, 1, 1, 1, 'png', ?)");
  for (let i = 0; i < 40; i++) insert.run(datasetId, `${i}.png`, `h${i}`, i % 4 === 3 ? null : labels[i % 2]);
  const imageIds = db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[];
  const file = (kind: AnalysisKind) => resultFile(path.join(dir, 'cache', 'analysis'), kind, datasetId, MODEL);
  const record = (kind: AnalysisKind, value: unknown) => ({ kind, datasetId, model: MODEL, fingerprint: fingerprint(db, datasetId, kind, MODEL), computedAt: '', imageIds, labelIds: labels, notes: [], value, files: [] });
  // Issues: items 0, 4, 8 (given a, suggested b); suggestions: the five unlabelled items 3, 7, …, 19.
  const issues = [0, 4, 8].map((item) => [item, 0, 1, 0.1, 0.8]);
  const suggestions = [3, 7, 11, 15, 19].map((item) => [item, [[0, 0.7], [1, 0.3]]]);
  const kfold = { predicted: imageIds.map(() => 0), predictedProb: imageIds.map(() => 0.5), checked: 30, issues, suggestions, outOfFoldAccuracy: 0.9, folds: 5, head: { lr: 0.01, epochs: 10, weightDecay: 0 }, notes: [], phases: {} };
  const neighbors = { n: 40, p: 8, k: 5, D: 16, modelKey: 'k', explained: 1, phases: {} };
  fs.mkdirSync(path.dirname(file('kfold')), { recursive: true });
  fs.writeFileSync(file('kfold'), JSON.stringify(record('kfold', kfold)));
  fs.writeFileSync(file('map'), JSON.stringify(record('map', { x: imageIds.map(() => 0), y: imageIds.map(() => 0), method: 'm', neighbors })));
  return { engine, datasetId, imageIds, file };
}

it('data.summary counts from a brief kept next to each result, without reading the result', async () => {
  const dir = tmp('vit-brief-');
  const { engine, datasetId, imageIds, file } = workspaceWithCachedResults(dir);
  setKept(engine.ctx.ws.db, [imageIds[4]!], true);
  const expected = { labelIssues: 2, keptLabels: 1, suggestions: 5, unlabeled: 10 };
  const statuses = (s: { analyses: Record<AnalysisKind, { status: string; stale: boolean }> }) => Object.fromEntries(Object.entries(s.analyses).map(([k, v]) => [k, [v.status, v.stale]]));
  try {
    // A cache from before briefs: read once, its briefs written.
    const first = await engine.invoke('data.summary', { datasetId, model: MODEL });
    expect(first).toMatchObject(expected);
    expect(statuses(first)).toEqual({ kfold: ['ready', false], map: ['ready', false], neighbors: ['none', false] });
    expect(fs.existsSync(file('kfold').replace(/\.json$/, '.brief.json'))).toBe(true);
    expect(fs.existsSync(file('map').replace(/\.json$/, '.brief.json'))).toBe(true);
  } finally {
    engine.close();
  }
  // Next start: the results are not read to count (made unreadable here), the briefs answer.
  const text = { kfold: fs.readFileSync(file('kfold'), 'utf8'), map: fs.readFileSync(file('map'), 'utf8') };
  fs.writeFileSync(file('kfold'), 'not read');
  fs.writeFileSync(file('map'), 'not read');
  const again = new Engine(dir);
  try {
    const summary = await again.invoke('data.summary', { datasetId, model: MODEL });
    expect(summary).toMatchObject(expected);
    expect(statuses(summary)).toEqual({ kfold: ['ready', false], map: ['ready', false], neighbors: ['none', false] });
    // A label change makes the kfold result stale (map and neighbours do not depend on labels).
    again.ctx.ws.db.prepare('UPDATE images SET label_id = NULL WHERE id = ?').run(imageIds[0]);
    const stale = await again.invoke('data.summary', { datasetId, model: MODEL });
    expect(statuses(stale)).toEqual({ kfold: ['ready', true], map: ['ready', false], neighbors: ['none', false] });
    expect(stale).toMatchObject({ labelIssues: 2, keptLabels: 1, suggestions: 5, unlabeled: 11 });
  } finally {
    again.close();
  }
  // The results themselves are still read when an answer needs them (data.map reads the layout).
  fs.writeFileSync(file('kfold'), text.kfold);
  fs.writeFileSync(file('map'), text.map);
  const third = new Engine(dir);
  try {
    const map = await third.invoke('data.map', { datasetId, model: MODEL });
    expect(map.status).toBe('ready');
    expect(map.result!.count).toBe(40);
    expect(map.result!.x).toHaveLength(40);
  } finally {
    third.close();
  }
});

it('a result lost from disk behind its brief is not answered as ready', async () => {
  const dir = tmp('vit-brief-lost-');
  const { engine, datasetId, file } = workspaceWithCachedResults(dir);
  await engine.invoke('data.summary', { datasetId, model: MODEL }).finally(() => engine.close());
  fs.rmSync(file('map'));
  const again = new Engine(dir);
  try {
    // The dataset's folder does not exist: the map cannot be computed again, and says so.
    await expect(again.invoke('data.map', { datasetId, model: MODEL })).rejects.toThrow();
    expect((await again.invoke('data.summary', { datasetId, model: MODEL })).analyses.map.status).not.toBe('ready');
  } finally {
    again.close();
  }
});
