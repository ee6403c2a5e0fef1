import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeImageFolder, makeImage, tmpDir } from '../../../helpers/make-images';
import { bundleEntry, REPO as repo } from '../../../helpers/bundle';

// Runs the real CLI in a child process: the TypeScript entry is bundled by esbuild into a temp
// folder (as `npm run build` does), so the test checks the current source without a full build.
// NODE_PATH lets that bundle find the external packages (sharp, better-sqlite3).
let cliJs: string;
const dirs: string[] = [];

beforeAll(async () => {
  const out = tmpDir('vit-cli-bundle-');
  dirs.push(out);
  cliJs = await bundleEntry('src/main/hosts/cli/cli.ts', path.join(out, 'cli.js'));
});
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [cliJs, ...args], {
    encoding: 'utf8',
    cwd: repo,
    env: { ...process.env, VIT_STUDIO_ROOT: repo, NODE_PATH: path.join(repo, 'node_modules') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('vit-studio import / split', () => {
  let root: string;
  let ws: string;

  beforeAll(async () => {
    root = tmpDir('vit-cli-ds-');
    ws = tmpDir('vit-cli-ws-');
    dirs.push(root, ws);
    await makeImageFolder(root, ['ant', 'bee'], 5, { width: 8, height: 8 });
    await makeImage(path.join(root, 'loose.png'), { width: 8, height: 8, noise: true, seed: 42 });
    fs.copyFileSync(path.join(root, 'ant/ant_0.jpg'), path.join(root, 'bee/copy.jpg'));
    fs.writeFileSync(path.join(root, 'bee/bad.jpg'), 'not an image');
  });

  it('import --json prints exactly one JSON object with the documented shape', () => {
    const r = cli(['import', root, '--workspace', ws, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!);
    expect(report).toMatchObject({
      dataset: 1,
      images: 12,
      labels: { ant: 5, bee: 6 },
      unlabeled: 1,
      duplicates: 1,
      skipped: [{ path: 'bee/bad.jpg', reason: expect.stringMatching(/not a readable image/) }],
    });
  });

  it('split --json reassigns with the given ratios and seed', () => {
    const r = cli(['split', '--workspace', ws, '--ratios', '0.6,0.2,0.2', '--seed', '3', '--all', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.dataset).toBe(1);
    expect(out.train + out.val + out.test).toBe(12);
  });

  it.each([
    [['import'], /exactly one folder/],
    [['import', '/no/such/folder/xyz'], /folder not found/],
    [['import', 'ROOT', '--labels-from', 'magic'], /--labels-from must be one of/],
    [['import', 'ROOT', '--bogus'], /bogus/],
    [['split', '--ratios', '0.5,0.5,0.5'], /sum to 1/],
    [['split', '--ratios', 'a,b'], /three numbers/],
    [['split', '--dataset', '0'], /positive integer/],
    [['split', '--dataset', '99'], /does not exist/],
    [['split', '--seed', '-4'], /--seed/],
  ])('bad arguments %j exit 2 with one line on stderr', (args, message) => {
    const r = cli([...args.map((a) => (a === 'ROOT' ? root : a)), '--workspace', ws]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('cache shows what the caches take and clears one; a bad --clear exits 2', () => {
    const shown = cli(['cache', '--workspace', ws, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const storage = JSON.parse(shown.stdout);
    expect(storage.caches.map((c: { kind: string }) => c.kind)).toEqual(['thumbnails', 'features', 'graphs']);
    const table = cli(['cache', '--workspace', ws]);
    expect(table.stdout).toMatch(/^thumbnails +\d/m);
    expect(table.stdout).toMatch(/^runs +\d/m);
    const cleared = cli(['cache', '--clear', 'thumbnails', '--workspace', ws]);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toMatch(/^Cleared \d+ thumbnails: .* freed\.$/m);
    const bad = cli(['cache', '--clear', 'labels', '--workspace', ws]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('vit-studio cache: --clear must be one of thumbnails, features, graphs (got "labels")');
  });

  it('without --json prints a summary', () => {
    const r = cli(['import', root, '--workspace', ws]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Dataset 1: 12 images \(0 new, 0 vanished\)/);
    expect(r.stdout).toMatch(/bad\.jpg/);
  });
});

describe('vit-studio duplicates', () => {
  it('lists the groups of copies; --keep-first leaves the other copies out, files untouched', async () => {
    const root = tmpDir('vit-cli-dups-');
    const ws = tmpDir('vit-cli-dups-ws-');
    dirs.push(root, ws);
    await makeImageFolder(root, ['ant', 'bee'], 2, { width: 8, height: 8 });
    fs.copyFileSync(path.join(root, 'ant/ant_0.jpg'), path.join(root, 'bee/copy.jpg'));
    expect(cli(['import', root, '--workspace', ws]).code).toBe(0);
    const listed = cli(['duplicates', '--workspace', ws, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({ dataset: 1, groups: [['ant/ant_0.jpg', 'bee/copy.jpg']], excluded: 0 });
    const kept = cli(['duplicates', '--workspace', ws, '--keep-first']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toMatch(/^1 groups of copies, 2 images$/m);
    expect(kept.stdout).toMatch(/1 copies left out of the dataset \(files untouched\)/);
    expect(fs.existsSync(path.join(root, 'bee/copy.jpg'))).toBe(true);
    expect(JSON.parse(cli(['duplicates', '--workspace', ws, '--json']).stdout).groups).toEqual([]);
    expect(JSON.parse(cli(['import', root, '--workspace', ws, '--json']).stdout).images).toBe(4);
  });
});

describe('vit-studio <command> --help', () => {
  it('every command listed by vit-studio --help prints its usage and exits 0', () => {
    const names = [...cli(['--help']).stdout.matchAll(/^  vit-studio ([a-z-]+)/gm)].map((m) => m[1]!);
    expect(names).toEqual(expect.arrayContaining(['info', 'serve', 'import', 'split', 'predict', 'train', 'runs', 'export', 'cache']));
    for (const name of names) {
    const r = cli([name, '--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: vit-studio ${name}\\b`));
    expect(r.stdout).toMatch(/--workspace DIR/);
    expect(cli([name, '-h']).stdout).toBe(r.stdout);
    }
  });
});

describe('vit-studio import of a train/ test/ tree', () => {
  it('gives the 10 classes and the folder counts per split; --no-split-folders gives "train" and "test"', async () => {
    const root = tmpDir('vit-cli-splits-');
    dirs.push(root);
    const classes = Array.from({ length: 10 }, (_, i) => `c${i}`);
    await makeImageFolder(path.join(root, 'train'), classes, 3, { width: 8, height: 8 });
    for (const c of classes) await makeImage(path.join(root, 'test', c, 't.png'), { width: 8, height: 8, noise: true, seed: 500 + c.length + classes.indexOf(c) });
    const ws = tmpDir('vit-cli-splits-ws-');
    dirs.push(ws);
    const r = cli(['import', root, '--workspace', ws, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report.labels).sort()).toEqual(classes);
    expect(report.splits).toEqual({ train: 30, val: 0, test: 10 });
    expect(report.layout.splitFolders).toEqual([{ folder: 'test', split: 'test' }, { folder: 'train', split: 'train' }]);

    const ws2 = tmpDir('vit-cli-splits-ws-');
    dirs.push(ws2);
    const plain = cli(['import', root, '--workspace', ws2, '--no-split-folders']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/Labels: test 10, train 30/);
    expect(cli(['import', root, '--workspace', ws2, '--label-level', 'x']).stderr).toMatch(/--label-level must be a positive integer/);
  });
});

describe('which dataset split and train work on', () => {
  it('the only one by default; with several, --dataset is required and the message lists them', async () => {
    const root = tmpDir('vit-cli-two-');
    const ws = tmpDir('vit-cli-two-ws-');
    dirs.push(root, ws);
    await makeImageFolder(path.join(root, 'pets'), ['cat', 'dog'], 3, { width: 8, height: 8 });
    await makeImageFolder(path.join(root, 'birds'), ['owl', 'jay'], 3, { width: 8, height: 8 });
    expect(cli(['import', path.join(root, 'pets'), '--workspace', ws]).code).toBe(0);
    const one = cli(['split', '--workspace', ws, '--json']);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).dataset).toBe(1);

    expect(cli(['import', path.join(root, 'birds'), '--workspace', ws]).code).toBe(0);
    for (const command of ['split', 'train']) {
      const r = cli([command, '--workspace', ws]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`vit-studio ${command}: the workspace has 2 datasets (1 "pets", 2 "birds"): pass --dataset ID`);
      const missing = cli([command, '--dataset', '7', '--workspace', ws]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/dataset 7 does not exist \(datasets: 1 "pets", 2 "birds"\)/);
    }
    const chosen = cli(['split', '--dataset', '2', '--workspace', ws, '--json']);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(JSON.parse(chosen.stdout).dataset).toBe(2);
  });
});
