import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { Engine } from '../../../src/main/engine/engine';
import { packRunItems, trainingSet } from '../../../src/main/runs/training-set';
import { RunsStore } from '../../../src/main/runs/runs-store';
import { unpackRunItems } from '../../../src/shared/data/packed-items';
import { SPLITS } from '../../../src/shared/types';
import { tmpDir } from '../../helpers/make-images';
import { seedEmptyImageFiles } from '../../helpers/empty-image-files';

// What starting a run reads, packs for its worker and writes, at 20,000 images: what the dataset
// holds (deleted files left out and marked), with the event loop turning meanwhile (rule 5).
describe('a run\'s training set at 20,000 images', () => {
  const root = tmpDir('vit-training-set-');
  const folder = path.join(root, 'images');
  let engine: Engine;
  let db: Database.Database;
  let datasetId: number;
  let labelIds: number[];
  beforeAll(() => {
    engine = new Engine(path.join(root, 'ws'));
    db = engine.ctx.ws.db;
    ({ datasetId, labelIds } = seedEmptyImageFiles(db, folder, 20_000, ['b', 'a'], (i) => (i % 7 === 6 ? null : i % 2), (i) => SPLITS[i % 3]!));
  });
  afterAll(() => {
    engine?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reads, packs and writes the labelled images on disk while the event loop turns', async () => {
    fs.rmSync(path.join(folder, 'img_0.png'));
    let turns = 0;
    const ping = setInterval(() => turns++, 0);
    const set = await trainingSet(db, datasetId);
    const packed = await packRunItems(set);
    const store = new RunsStore(db);
    const runId = await store.create(datasetId, { labels: set.labels } as never, set.images, set.skipped);
    clearInterval(ping);
    expect(turns).toBeGreaterThan(3); // reading, packing and writing each give the timer turns

    const expected = (db.prepare("SELECT id, hash, rel_path, label_id, split FROM images WHERE dataset_id = ? AND label_id IS NOT NULL AND rel_path != 'img_0.png' ORDER BY id").all(datasetId)) as { id: number; hash: string; rel_path: string; label_id: number; split: string }[];
    expect(set.skipped).toEqual([expect.objectContaining({ relPath: 'img_0.png', reason: 'deleted or moved since import' })]);
    expect(db.prepare("SELECT status FROM images WHERE rel_path = 'img_0.png'").pluck().get()).toBe('missing');
    expect(set.labels).toEqual([{ id: labelIds[0], name: 'b' }, { id: labelIds[1], name: 'a' }]);
    const index = (labelId: number) => set.labels.findIndex((l) => l.id === labelId);
    expect(unpackRunItems(packed)).toEqual(expected.map((r) => ({ imageId: r.id, hash: r.hash, path: path.join(folder, r.rel_path), label: index(r.label_id), split: r.split })));
    const written = db.prepare('SELECT image_id, label_id, split FROM run_images WHERE run_id = ? ORDER BY image_id').raw().all(runId);
    expect(written).toEqual(expected.map((r) => [r.id, r.label_id, r.split]));
    expect(store.row(runId)!.status).toBe('queued');
  });
});
