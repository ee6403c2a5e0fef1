// Property-based: random calls and random sequences of edits never crash the engine and never
// leave the database inconsistent.
import fc from 'fast-check';
import { parseIdList } from '../../src/shared/api/images';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { channelNames } from '../../src/shared/api';
import { Engine } from '../../src/main/engine/engine';
import { makeImageFolder, tmpDir } from '../helpers/make-images';

// Channels that reach outside the workspace (folders, the hub, dialogs, long jobs) get their own
// tests; random strings there could name "/" and import a whole disk.
const OUTSIDE_WORLD = new Set(['datasets.import', 'train.start', 'runs.export', 'model.predict', 'model.load', 'dialog.openFolder']);

function checkConsistency(engine: Engine) {
  const db = engine.ctx.ws.db;
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.pragma('foreign_key_check')).toEqual([]);
  // A label always belongs to the image's own dataset.
  const crossed = db
    .prepare(
      `SELECT count(*) AS n FROM images i JOIN labels l ON l.id = i.label_id WHERE l.dataset_id != i.dataset_id`,
    )
    .get() as { n: number };
  expect(crossed.n).toBe(0);
}

describe('API fuzzing', () => {
  let dir: string;
  let engine: Engine;
  let datasetId: number;

  beforeAll(async () => {
    dir = tmpDir('vit-fuzz-');
    const data = path.join(dir, 'data');
    await makeImageFolder(data, ['cat', 'dog', 'fox'], 4);
    engine = new Engine(path.join(dir, 'ws'));
    datasetId = (await engine.invoke('datasets.import', { folder: data, labelsFrom: 'folders' })).dataset;
  });
  afterAll(() => {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('random channel names and payloads always answer with a Result', async () => {
    const safeChannels = channelNames.filter((c) => !OUTSIDE_WORLD.has(c));
    const payload = fc.oneof(
      fc.anything(),
      fc.record({
        datasetId: fc.oneof(fc.integer(), fc.constant(datasetId), fc.double(), fc.string()),
        labelId: fc.oneof(fc.integer({ min: -2, max: 50 }), fc.constant(null), fc.string()),
        imageIds: fc.array(fc.oneof(fc.integer({ min: -5, max: 100 }), fc.string()), { maxLength: 20 }),
        name: fc.string({ maxLength: 300 }),
        runId: fc.integer(),
        id: fc.integer({ min: -3, max: 40 }),
      }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...safeChannels), fc.string(), fc.constant('__proto__')),
        payload,
        async (channel, request) => {
          const result = await engine.call(channel, request);
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) {
            expect(typeof result.error.message).toBe('string');
            // 'internal' means an unhandled bug, not bad input.
            expect(result.error.code, `${channel} ${JSON.stringify(request)}: ${result.error.message}`).not.toBe('internal');
          }
        },
      ),
      { numRuns: 400, seed: 20261128 },
    );
    checkConsistency(engine);
  });

  it('random sequences of label and split edits keep the database consistent', async () => {
    const images = parseIdList(await engine.invoke('images.ids', { datasetId }));
    const succeeded = new Map<string, number>();
    const op = fc.oneof(
      fc.record({ kind: fc.constant('setLabel' as const), ids: fc.subarray(images, { minLength: 1 }), label: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ kind: fc.constant('create' as const), name: fc.string({ minLength: 1, maxLength: 12 }) }),
      fc.record({ kind: fc.constant('rename' as const), label: fc.integer({ min: 0, max: 6 }), name: fc.string({ minLength: 1, maxLength: 12 }) }),
      fc.record({ kind: fc.constant('merge' as const), a: fc.integer({ min: 0, max: 6 }), b: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ kind: fc.constant('delete' as const), label: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ kind: fc.constant('undo' as const) }),
      fc.record({ kind: fc.constant('redo' as const) }),
      fc.record({ kind: fc.constant('split' as const), seed: fc.nat(1000), all: fc.boolean() }),
      fc.record({ kind: fc.constant('setSplit' as const), ids: fc.subarray(images, { minLength: 1 }), split: fc.constantFrom('train', 'val', 'test') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        for (const o of ops) {
          const labels = await engine.invoke('labels.list', { datasetId });
          // Index 0 (or past the end) stands for "no label" / an id that does not exist.
          const labelAt = (i: number) => (i === 0 ? null : (labels[i - 1]?.id ?? 99_999));
          let r;
          switch (o.kind) {
            case 'setLabel': r = await engine.call('images.setLabel', { imageIds: o.ids, labelId: labelAt(o.label) }); break;
            case 'create': r = await engine.call('labels.create', { datasetId, name: o.name }); break;
            case 'rename': r = await engine.call('labels.rename', { labelId: labelAt(o.label) ?? 99_999, name: o.name }); break;
            case 'merge': r = await engine.call('labels.merge', { sourceId: labelAt(o.a) ?? 99_999, targetId: labelAt(o.b) ?? 99_999 }); break;
            case 'delete': r = await engine.call('labels.delete', { labelId: labelAt(o.label) ?? 99_999 }); break;
            case 'undo': r = await engine.call('edits.undo', { datasetId }); break;
            case 'redo': r = await engine.call('edits.redo', { datasetId }); break;
            case 'split': r = await engine.call('splits.apply', { datasetId, seed: o.seed, mode: o.all ? 'all' : 'unassigned' }); break;
            case 'setSplit': r = await engine.call('images.setSplit', { imageIds: o.ids, split: o.split }); break;
          }
          if (!r.ok) expect(r.error.code, `${o.kind}: ${r.error.message}`).not.toBe('internal');
          else succeeded.set(o.kind, (succeeded.get(o.kind) ?? 0) + 1);
        }
        checkConsistency(engine);
        // The per-label counts the UI shows add up to the labeled images.
        const labels = await engine.invoke('labels.list', { datasetId });
        const labeled = engine.ctx.ws.db
          .prepare(`SELECT count(*) AS n FROM images WHERE dataset_id = ? AND label_id IS NOT NULL AND status = 'ok'`)
          .get(datasetId) as { n: number };
        expect(labels.reduce((a, l) => a + l.count, 0)).toBe(labeled.n);
      }),
      { numRuns: 60, seed: 7 },
    );
    // The sequences really edited things (not only bounced off validation).
    for (const kind of ['setLabel', 'create', 'rename', 'merge', 'delete', 'undo', 'split', 'setSplit']) {
      expect(succeeded.get(kind) ?? 0, kind).toBeGreaterThan(0);
    }
  });
});
