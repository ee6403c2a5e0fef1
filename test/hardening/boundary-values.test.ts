// Values at the edge of what the schemas let through: offsets beyond any integer SQLite binds, a
// NUL byte in a path (Node's fs throws on it), and names holding invisible Unicode (zero-width
// space, right-to-left override) or a lone surrogate. Each gets invalid_argument with a sentence,
// never `internal`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { makeImageFolder, tmpDir } from '../helpers/make-images';

let dir: string;
let engine: Engine;
let datasetId: number;

beforeAll(async () => {
  dir = tmpDir('vit-bounds-');
  await makeImageFolder(path.join(dir, 'data'), ['cat', 'dog'], 2, { width: 8, height: 8 });
  engine = new Engine(path.join(dir, 'ws'));
  datasetId = (await engine.invoke('datasets.import', { folder: path.join(dir, 'data'), labelsFrom: 'folders' })).dataset;
});
afterAll(() => {
  engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function refused(channel: string, request: unknown): Promise<string> {
  const r = await engine.call(channel, request);
  expect(r.ok, `${channel} ${JSON.stringify(request)}`).toBe(false);
  if (r.ok) return '';
  expect(r.error.code, `${channel}: ${r.error.message}`).toBe('invalid_argument');
  return r.error.message;
}

describe('boundary values answer invalid_argument', () => {
  it.each([1e300, 2 ** 63, Number.MAX_SAFE_INTEGER + 1])('offset %d in images.query and runs.predictions', async (offset) => {
    expect(await refused('images.query', { datasetId, offset })).toMatch(/offset/);
    expect(await refused('runs.predictions', { runId: 1, offset })).toMatch(/offset/);
  });

  it('a page at the largest safe offset is simply empty', async () => {
    const r = await engine.invoke('images.query', { datasetId, offset: Number.MAX_SAFE_INTEGER });
    expect(r.items).toEqual([]);
  });

  it.each([
    ['datasets.import', () => ({ folder: `${dir}/da\u0000ta` })],
    ['model.predict', () => ({ model: 'org/model', images: [`${dir}/a\u0000.png`] })],
    ['model.predict', () => ({ model: `${dir}/m\u0000odel`, images: [`${dir}/a.png`] })],
    ['runs.export', () => ({ runId: 1, folder: `${dir}/o\u0000ut` })],
    ['train.start', () => ({ datasetId, model: `${dir}/m\u0000odel` })],
  ])('a NUL byte in a path of %s', async (channel, request) => {
    expect(await refused(channel, request())).toMatch(/NUL/);
  });

  it.each([
    ['a zero-width space', 'cat\u200b'],
    ['a right-to-left override', 'gpj.\u202eexe'],
    ['a byte-order mark inside', 'do\ufeffg'],
    ['a lone surrogate', 'fox\ud800'],
  ])('a label or dataset name with %s', async (_what, name) => {
    expect(await refused('labels.create', { datasetId, name })).toMatch(/invisible formatting character|unpaired surrogate/);
    expect(await refused('datasets.rename', { datasetId, name })).toMatch(/invisible formatting character|unpaired surrogate/);
  });

  it('names in any script, with emoji and joiners inside emoji, are fine', async () => {
    for (const name of ['chat noir', 'кот', '猫', 'قطة', '🐈‍⬛']) {
      expect((await engine.call('labels.create', { datasetId, name })).ok, name).toBe(true);
    }
  });
});
