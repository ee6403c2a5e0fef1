import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../src/main/engine/engine';
import { bundleEntry, REPO as repo, runCli } from '../../../helpers/bundle';
import { tmpDir } from '../../../helpers/make-images';
import { makeTinyCheckpoint } from '../../../helpers/tiny-vit';
import { useFreshWorkerBundle } from '../../train/helpers';
import { makeColourDataset } from '../../engine/data/helpers';

// vit-studio label-issues / suggest / map / similar / near-duplicates as a script runs them: the
// CLI bundled from source in a child process, JSON shapes as issue #12 gives them.
const root = tmpDir('vit-cli-data-');
let cliJs: string;
let worker: string;
let model: string;

function cli(args: string[]) {
  const r = runCli(cliJs, worker, path.join(root, 'ws'), args);
  return { ...r, json: () => JSON.parse(r.stdout) };
}

describe('vit-studio data commands', () => {
  const dir = path.join(root, 'colours');
  beforeAll(async () => {
    worker = await useFreshWorkerBundle();
    cliJs = await bundleEntry('src/main/hosts/cli/cli.ts', path.join(repo, 'node_modules/.cache/vit-studio-data-test/cli.js'));
    await makeColourDataset(dir, 12);
    // A wrong label (a red image filed as blue) and an unlabelled image.
    fs.renameSync(path.join(dir, 'red', 'red_3.jpg'), path.join(dir, 'blue', 'actually_red.jpg'));
    await sharp(path.join(dir, 'green', 'green_2.jpg')).toFile(path.join(dir, 'loose_green.png'));
    model = makeTinyCheckpoint(path.join(root, 'tiny'), { hiddenSize: 32, layers: 1, heads: 4, imageSize: 32, patchSize: 8, labels: 0, seed: 2 }).folder;
    expect(cli(['import', dir, '--json']).code).toBe(0);
  }, 120_000);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('label-issues prints the checked count and the issues, most suspicious first', () => {
    const r = cli(['label-issues', '--model', model, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json();
    expect(out.checked).toBe(60);
    expect(out.issues[0]).toEqual({ image: path.join(dir, 'blue', 'actually_red.jpg'), label: 'blue', suggested: 'red', confidence: expect.any(Number) });
    expect(out.kept).toEqual([]);
    const text = cli(['label-issues', '--model', model]);
    expect(text.stdout).toMatch(/blue\/actually_red\.jpg: labelled "blue" .* looks like "red"/);
  });

  it('label-issues reports the labels a person kept in the Review queue apart from the issues', async () => {
    const engine = new Engine(path.join(root, 'ws'));
    try {
      const datasetId = (await engine.invoke('datasets.list', {}))[0]!.id;
      const image = (await engine.invoke('images.query', { datasetId, search: 'actually_red', limit: 1 })).items[0]!;
      await engine.invoke('data.keepLabels', { datasetId, imageIds: [image.id], keep: true });
    } finally {
      engine.close();
    }
    const out = cli(['label-issues', '--model', model, '--json']).json();
    const kept = path.join(dir, 'blue', 'actually_red.jpg');
    expect(out.issues.map((i: { image: string }) => i.image)).not.toContain(kept);
    expect(out.kept).toEqual([{ image: kept, label: 'blue', suggested: 'red', confidence: expect.any(Number) }]);
    expect(cli(['label-issues', '--model', model]).stdout).toMatch(/1 more flagged, with the label kept in the Review queue[^]*actually_red\.jpg: kept "blue"/);
  });

  it('suggest gives every unlabelled image a label and a score', () => {
    const out = cli(['suggest', '--model', model, '--json']).json();
    expect(out).toEqual({ suggestions: [{ image: path.join(dir, 'loose_green.png'), label: 'green', score: expect.any(Number) }] });
  });

  it('map gives every image x and y', () => {
    const out = cli(['map', '--model', model, '--json']).json();
    expect(out.points).toHaveLength(61);
    expect(out.points[0]).toEqual({ image: expect.stringContaining(dir), x: expect.any(Number), y: expect.any(Number) });
  });

  it('similar finds the copy first; near-duplicates groups it', () => {
    const out = cli(['similar', path.join(dir, 'green', 'green_2.jpg'), '--k', '3', '--model', model, '--json']).json();
    expect(out.image).toBe(path.join(dir, 'green', 'green_2.jpg'));
    expect(out.neighbors).toHaveLength(3);
    expect(out.neighbors[0]).toEqual({ image: path.join(dir, 'loose_green.png'), label: null, similarity: expect.any(Number) });
    const groups = cli(['near-duplicates', '--threshold', '0.999', '--model', model, '--json']).json();
    expect(groups.threshold).toBe(0.999);
    expect(groups.groups.some((g: { images: string[] }) => g.images.includes(path.join(dir, 'loose_green.png')))).toBe(true);
  });

  it('refuses bad arguments with one line and exit code 2', () => {
    const bad = cli(['near-duplicates', '--threshold', '2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--threshold must be a number from 0.5 to 1/);
    const missing = cli(['similar', 'nope.jpg']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/is not an image of dataset/);
  });

  it('says so when an image was deleted since import, in --json mode too (notes on stderr)', () => {
    const gone = path.join(dir, 'green', 'green_5.jpg');
    fs.rmSync(gone);
    const similar = cli(['similar', gone, '--model', model]);
    expect(similar.code).toBe(2);
    expect(similar.stderr).toMatch(/green_5\.jpg" was deleted or moved since import: rescan the dataset/);
    // The only unlabelled image, deleted after its suggestion was computed: an empty list, said.
    fs.rmSync(path.join(dir, 'loose_green.png'));
    const suggest = cli(['suggest', '--model', model, '--json']);
    expect(suggest.code, suggest.stderr).toBe(0);
    expect(suggest.json()).toEqual({ suggestions: [] });
    expect(suggest.stderr).toContain('2 images deleted since these suggestions were made are left out (green/green_5.jpg, loose_green.png).');
    expect(suggest.stderr).not.toContain('Every image has a label');
  });
});
