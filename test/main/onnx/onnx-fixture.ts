// Shared by the ONNX tests: the reference fixture's images as pixel_values, and checkpoint
// variants written from the fixture's weights (e.g. a bare ViTModel without classifier).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { PreprocessorConfig } from '../../../src/shared/model/vit-config';
import { loadCheckpoint } from '../../../src/main/model/checkpoint';
import { writeSafetensors, type TensorToWrite } from '../../../src/main/model/safetensors';

export const FIXTURE = path.resolve(__dirname, '../../fixtures/vit-ref');

export interface ExpectedImage {
  image: string;
  logits: number[];
  probs: number[];
  top1: string;
  cls_feature: number[];
}

export function expectedImages(): ExpectedImage[] {
  return JSON.parse(fs.readFileSync(path.join(FIXTURE, 'expected.json'), 'utf8')).images;
}

/** RGB, x/255, (x - mean) / std per channel, NCHW — the fixture images are already model-sized. */
export async function pixelValues(file: string, pre: PreprocessorConfig): Promise<Float32Array> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const hw = info.width * info.height;
  const out = new Float32Array(3 * hw);
  for (let i = 0; i < hw; i++) {
    for (let c = 0; c < 3; c++) {
      out[c * hw + i] = (data[i * 3 + c]! * pre.rescaleFactor - pre.imageMean[c]!) / pre.imageStd[c]!;
    }
  }
  return out;
}

export function softmax(logits: ArrayLike<number>): number[] {
  const max = Math.max(...Array.from(logits));
  const e = Array.from(logits, (v) => Math.exp(v - max));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A copy of the fixture checkpoint; `backboneOnly` drops the classifier and the `vit.` prefix (a bare ViTModel). */
export function copyFixture(dir: string, opts: { backboneOnly?: boolean } = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(FIXTURE, 'preprocessor_config.json'), path.join(dir, 'preprocessor_config.json'));
  const config = JSON.parse(fs.readFileSync(path.join(FIXTURE, 'config.json'), 'utf8'));
  if (!opts.backboneOnly) {
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    fs.copyFileSync(path.join(FIXTURE, 'model.safetensors'), path.join(dir, 'model.safetensors'));
    return dir;
  }
  delete config.id2label;
  delete config.label2id;
  config.architectures = ['ViTModel'];
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const { weights: w, config: c } = loadCheckpoint(FIXTURE);
  const D = c.hiddenSize;
  const N = (c.imageSize / c.patchSize) ** 2;
  const t: TensorToWrite[] = [
    { name: 'embeddings.cls_token', shape: [1, 1, D], data: w.clsToken! },
    { name: 'embeddings.position_embeddings', shape: [1, N + 1, D], data: w.positionEmbeddings },
    { name: 'embeddings.patch_embeddings.projection.weight', shape: [D, c.numChannels, c.patchSize, c.patchSize], data: w.patchProjection.weight },
    { name: 'embeddings.patch_embeddings.projection.bias', shape: [D], data: w.patchProjection.bias },
    { name: 'layernorm.weight', shape: [D], data: w.layernorm.weight },
    { name: 'layernorm.bias', shape: [D], data: w.layernorm.bias },
  ];
  w.layers.forEach((l, i) => {
    const p = `encoder.layer.${i}.`;
    const lin = (name: string, x: { weight: Float32Array; bias: Float32Array | null; outFeatures: number; inFeatures: number }) => {
      t.push({ name: `${p}${name}.weight`, shape: [x.outFeatures, x.inFeatures], data: x.weight });
      t.push({ name: `${p}${name}.bias`, shape: [x.outFeatures], data: x.bias! });
    };
    lin('attention.attention.query', l.query);
    lin('attention.attention.key', l.key);
    lin('attention.attention.value', l.value);
    lin('attention.output.dense', l.attentionOutput);
    lin('intermediate.dense', l.intermediate);
    lin('output.dense', l.output);
    for (const [n, ln] of [['layernorm_before', l.layernormBefore], ['layernorm_after', l.layernormAfter]] as const) {
      t.push({ name: `${p}${n}.weight`, shape: [D], data: ln.weight });
      t.push({ name: `${p}${n}.bias`, shape: [D], data: ln.bias });
    }
  });
  writeSafetensors(path.join(dir, 'model.safetensors'), t);
  return dir;
}
