import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../src/main/engine/engine';
import { bundleEntry, REPO as repo, runCli } from '../../../helpers/bundle';
import { tmpDir } from '../../../helpers/make-images';
import { makeShapeDataset } from '../../train/helpers';

// A checkpoint no engine runs exactly is refused while its config.json is parsed, with the same one
// line through every host: the engine answers invalid_argument, the CLI's info, predict (both
// engines) and train exit 2 with that line. Each folder holds real weights (the ViT fixture's), so
// only config.json makes it unusable.
const root = tmpDir('vit-cli-refusals-');
const FIXTURE = path.join(repo, 'test/fixtures/vit-ref');
const IMAGE = path.join(FIXTURE, 'images/sample_0.png');
let cliJs: string;
const cli = (args: string[]) => runCli(cliJs, path.join(root, 'no-worker.js'), path.join(root, 'ws'), args);

const CASES: [name: string, config: Record<string, unknown>, line: RegExp][] = [
  [
    'timm-siglip-map',
    { architecture: 'vit_base_patch16_siglip_224', num_classes: 0, num_features: 768, global_pool: 'map', pretrained_cfg: { tag: 'webli' } },
    /config\.json: a timm checkpoint \("vit_base_patch16_siglip_224"\) whose feature is the attention-pooling head \(global_pool "map"\) is not supported; use its transformers checkpoint/,
  ],
  ['deit-distilled', { model_type: 'deit', architectures: ['DeiTForImageClassificationWithTeacher'] }, /config\.json: model_type "deit": DeiT with its distillation token/],
  ['dinov2-swiglu', { model_type: 'dinov2', use_swiglu_ffn: true }, /config\.json: use_swiglu_ffn true \(the SwiGLU MLP of dinov2-giant\) is not supported/],
  ['vit-silu', { model_type: 'vit', hidden_act: 'silu', image_size: 32, patch_size: 8 }, /config\.json: hidden_act "silu" is not supported \(gelu, gelu_new/],
  ['vit-4-channels', { model_type: 'vit', num_channels: 4 }, /config\.json: num_channels 4 is not supported \(1 = grey, 3 = RGB\)/],
];

function folderFor(name: string, config: Record<string, unknown>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['model.safetensors', 'preprocessor_config.json']) fs.copyFileSync(path.join(FIXTURE, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

/** stderr is exactly one line: "vit-studio <command>: <the sentence>". */
function expectOneLine(r: { code: number | null; stderr: string }, command: string, line: RegExp) {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(new RegExp(`^vit-studio ${command}: `));
  expect(r.stderr).toMatch(line);
}

describe('unsupported checkpoints, through every host', () => {
  let engine: Engine;

  beforeAll(async () => {
    cliJs = await bundleEntry('src/main/hosts/cli/cli.ts', path.join(repo, 'node_modules/.cache/vit-studio-refusals-test/cli.js'));
    await makeShapeDataset(path.join(root, 'shapes'), 3);
    expect(cli(['import', path.join(root, 'shapes'), '--json']).code).toBe(0);
    engine = new Engine(path.join(root, 'engine-ws'));
  });
  afterAll(() => engine?.close());

  it('info --model on a supported folder says what the engines will build from it', () => {
    const r = cli(['info', '--model', path.join(repo, 'test/fixtures/dinov2-ref')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Local model folder (dinov2).\nDINOv2: 2 layers × 48, patch 8, 3 channel(s); feature 96\n');
  });

  it.each(CASES)('%s: the engine answers invalid_argument with the line', async (name, config, line) => {
    const folder = folderFor(name, config);
    for (const channel of ['model.check', 'model.load'] as const) {
      const r = await engine.call(channel, { model: folder });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_argument');
        expect(r.error.message).toMatch(line);
      }
    }
  });

  it.each(CASES)('%s: info, predict (ONNX Runtime and TF.js) and train exit 2 with the line', (name, config, line) => {
    const folder = folderFor(name, config);
    expectOneLine(cli(['info', '--model', folder]), 'info', line);
    expectOneLine(cli(['predict', '--model', folder, IMAGE]), 'predict', line);
    expectOneLine(cli(['predict', '--engine', 'tfjs', '--model', folder, IMAGE]), 'predict', line);
    expectOneLine(cli(['train', '--model', folder, '--epochs', '1']), 'train', line);
  });
});
