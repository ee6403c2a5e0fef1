import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleEntry, REPO as repo, runCli } from '../../../helpers/bundle';
import { tmpDir } from '../../../helpers/make-images';
import { makeTinyCheckpoint } from '../../../helpers/tiny-vit';
import { makeShapeDataset, useFreshWorkerBundle } from '../../train/helpers';

// vit-studio train / runs / export as a user runs them: the CLI bundled from source, a child process.
const root = tmpDir('vit-cli-train-');
let cliJs: string;
let worker: string;

const cli = (args: string[]) => runCli(cliJs, worker, path.join(root, 'ws'), args);

describe('vit-studio train', () => {
  beforeAll(async () => {
    worker = await useFreshWorkerBundle();
    cliJs = await bundleEntry('src/main/hosts/cli/cli.ts', path.join(repo, 'node_modules/.cache/vit-studio-train-test/cli.js'));
    await makeShapeDataset(path.join(root, 'shapes'), 12);
    makeTinyCheckpoint(path.join(root, 'tiny'), { hiddenSize: 32, layers: 1, heads: 4, imageSize: 32, patchSize: 8, labels: 0, seed: 2 });
    expect(cli(['import', path.join(root, 'shapes'), '--json']).code).toBe(0);
  });

  it('trains (splitting first), prints JSON metrics, lists and exports the run', () => {
    const r = cli(['train', '--model', path.join(root, 'tiny'), '--epochs', '3', '--lr', '0.01', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.run).toBe(1);
    expect(out.backend).toMatch(/^(ort|tfjs) /);
    // npm run build compiled the native head kernel: it trains the head, whatever the engine.
    expect(out.trainer).toBe('native');
    expect(out.test.accuracy).toBeGreaterThanOrEqual(0);
    expect(out.test.macro_f1).toBeGreaterThanOrEqual(0);
    expect(out.timings.extracted).toBe(72);
    const runs = JSON.parse(cli(['runs', '--json']).stdout);
    expect(runs[0]).toMatchObject({ id: 1, status: 'completed' });
    const exp = cli(['export', '1', path.join(root, 'out')]);
    expect(exp.code).toBe(0);
    expect(fs.existsSync(path.join(root, 'out', 'model.safetensors'))).toBe(true);
    const onnx = cli(['export', '1', path.join(root, 'out-onnx'), '--format', 'onnx']);
    expect(onnx.code, onnx.stderr).toBe(0);
    expect(onnx.stdout).toMatch(/^Exported run 1 to .*: model\.onnx, config\.json, preprocessor_config\.json$/m);
    // Exporting again over its own export is fine; over a user's project folder only with --force.
    expect(cli(['export', '1', path.join(root, 'out')]).code).toBe(0);
    const project = path.join(root, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'config.json'), '{"mine": true}');
    const refused = cli(['export', '1', project]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds files ViT Studio did not write \(config\.json\).*--force/);
    expect(fs.readFileSync(path.join(project, 'config.json'), 'utf8')).toBe('{"mine": true}');
    const forced = cli(['export', '1', project, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(fs.existsSync(path.join(project, 'model.safetensors'))).toBe(true);
    const bogus = cli(['export', '1', path.join(root, 'out-x'), '--format', 'tflite']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr.trim()).toBe('vit-studio export: --format must be hf or onnx (got "tflite")');
    // predict --model run:<id> and --model <exported folder> give the same scores.
    const image = path.join(root, 'shapes', fs.readdirSync(path.join(root, 'shapes')).find((d) => !d.startsWith('.'))!);
    const first = path.join(image, fs.readdirSync(image)[0]!);
    const viaRun = cli(['predict', '--model', 'run:1', first, '--json']);
    expect(viaRun.code, viaRun.stderr).toBe(0);
    const viaFolder = cli(['predict', '--model', path.join(root, 'out'), first, '--json']);
    expect(JSON.parse(viaRun.stdout).results).toEqual(JSON.parse(viaFolder.stdout).results);
    expect(JSON.parse(viaRun.stdout).results[0].image).toBe(first);
    const missing = cli(['predict', '--model', 'run:42', first]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Run 42 does not exist/);

    // --rerun: run 1's settings again, every feature from the cache.
    const again = cli(['train', '--rerun', '1', '--json']);
    expect(again.code, again.stderr).toBe(0);
    const rerun = JSON.parse(again.stdout);
    expect(rerun.run).toBe(2);
    expect(rerun.timings.extracted).toBe(0);
    expect(rerun.test.accuracy).toBe(out.test.accuracy);
    const mixed = cli(['train', '--rerun', '1', '--epochs', '9']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr.trim()).toBe("vit-studio train: --rerun trains with run 1's settings: leave out --epochs");
  });

  it('from scratch: the shape from a preset and flags, progress in batches with an ETA', () => {
    const r = spawnSync(
      process.execPath,
      [cliJs, 'train', '--from-scratch', '--scratch-preset', 'tutorial', '--image-size', '16', '--width', '16', '--depth', '1', '--heads', '2', '--epochs', '2', '--batch-size', '8', '--workspace', path.join(root, 'ws')],
      { encoding: 'utf8', env: { ...process.env, VIT_STUDIO_ROOT: repo, VIT_STUDIO_WORKER_ENTRY: worker, NODE_PATH: path.join(repo, 'node_modules') } },
    );
    expect(r.status, r.stderr).toBe(0);
    // Not a terminal: one line per phase, the epochs counted in batches.
    expect(r.stderr).toMatch(/^epoch 1\/2 \(\d+\)…$/m);
    const runs = JSON.parse(cli(['runs', '--json']).stdout) as { id: number; fromScratch: boolean }[];
    expect(runs.find((x) => x.fromScratch)).toBeDefined();
    // The preset's patch (16) with the flags' image size (16), width, depth and heads.
    const bad = cli(['train', '--from-scratch', '--width', '10', '--heads', '4']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('vit-studio train: the width (10) must be a multiple of the number of heads (4)');
    const noScratch = cli(['train', '--heads', '4']);
    expect(noScratch.stderr.trim()).toBe('vit-studio train: --heads shape a model trained from scratch: add --from-scratch');
    expect(cli(['train', '--from-scratch', '--scratch-preset', 'huge']).stderr).toMatch(/--scratch-preset must be one of quick, tutorial/);
  });

  it('bad arguments exit 2 with one line', () => {
    const r = cli(['train', '--augment', 'huge']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli(['export', 'x', 'y']).code).toBe(2);
    const int8tfjs = cli(['predict', '--int8', '--engine', 'tfjs', path.join(root, 'tiny', 'config.json')]);
    expect(int8tfjs.code).toBe(2);
    expect(int8tfjs.stderr).toMatch(/--int8 is ONNX Runtime's fast mode/);
  });
});
