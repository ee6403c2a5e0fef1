// Helpers for the ONNX benches: checkpoints with random weights of real shapes (written once to the
// OS temp folder and reused), and a folder of JPEGs for the end-to-end run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { writeSafetensors, type TensorToWrite } from '../src/main/model/safetensors';
import { expectedTensorShapes, parseViTConfig, tensorPrefixes } from '../src/shared/model/vit-config';

export const VIT_B16 = { D: 768, layers: 12, heads: 12, I: 3072, image: 224, patch: 16, labels: 10 };

/** Deterministic N(0, σ²)-ish values (sum of uniforms) so runs are comparable. */
function randomFloats(count: number, sigma: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  for (let i = 0; i < count; i++) out[i] = (next() + next() + next() - 1.5) * 2 * sigma;
  return out;
}

/**
 * Writes (once) a checkpoint of any family with random weights of the shapes `rawConfig` (a
 * config.json) implies, under the *ForImageClassification names; returns its folder. LayerNorms
 * start at identity, LayerScale at 0.1, the rest N(0, 0.02²)-ish.
 */
export function randomCheckpoint(name: string, rawConfig: Record<string, unknown>, preprocessor: Record<string, unknown>): string {
  const dir = path.join(os.tmpdir(), `vit-studio-bench-${name}`);
  const configText = JSON.stringify(rawConfig);
  const done = path.join(dir, 'model.safetensors');
  if (fs.existsSync(done) && fs.readFileSync(path.join(dir, 'config.json'), 'utf8') === configText) return dir;
  fs.mkdirSync(dir, { recursive: true });
  const config = parseViTConfig(rawConfig);
  let seed = 1;
  const t: TensorToWrite[] = [...expectedTensorShapes(config, tensorPrefixes(config)[0]!, true)].map(([tensor, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const norm = /norm/.test(tensor); // layernorm, layer_norm1, norm1, pre_layrnorm, post_layernorm
    const data = tensor.endsWith('lambda1')
      ? new Float32Array(size).fill(0.1)
      : !norm
        ? randomFloats(size, 0.02, seed++)
        : tensor.endsWith('.weight')
          ? new Float32Array(size).fill(1)
          : new Float32Array(size);
    return { name: tensor, shape, data };
  });
  fs.writeFileSync(path.join(dir, 'preprocessor_config.json'), JSON.stringify(preprocessor));
  writeSafetensors(done, t);
  fs.writeFileSync(path.join(dir, 'config.json'), configText); // last: marks the folder complete
  return dir;
}

export const id2labelOf = (labels: number) => Object.fromEntries(Array.from({ length: labels }, (_, i) => [String(i), `class_${i}`]));

/** A ViTForImageClassification ViT-B/16 with random weights. */
export function vitB16Checkpoint(): string {
  const { D, layers, heads, I, image, patch, labels } = VIT_B16;
  return randomCheckpoint('vit-b16', {
    model_type: 'vit', hidden_size: D, num_hidden_layers: layers, num_attention_heads: heads,
    intermediate_size: I, hidden_act: 'gelu', layer_norm_eps: 1e-12, image_size: image,
    patch_size: patch, num_channels: 3, qkv_bias: true, id2label: id2labelOf(labels),
  }, {
    image_processor_type: 'ViTImageProcessor', do_resize: true, size: { height: image, width: image }, resample: 2,
    do_rescale: true, rescale_factor: 1 / 255, do_normalize: true, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5],
  });
}

/** `count` noisy 320×240 JPEGs (camera-like: they need a resize to 224×224). */
export async function benchJpegs(count: number): Promise<string[]> {
  const dir = path.join(os.tmpdir(), `vit-studio-bench-jpegs-${count}`);
  fs.mkdirSync(dir, { recursive: true });
  const files = Array.from({ length: count }, (_, i) => path.join(dir, `img_${String(i).padStart(5, '0')}.jpg`));
  const [w, h] = [320, 240];
  for (let i = 0; i < count; i++) {
    if (fs.existsSync(files[i]!)) continue;
    const bytes = new Uint8Array(w * h * 3);
    const noise = randomFloats(w * h * 3, 40, i + 1000);
    for (let j = 0; j < bytes.length; j++) bytes[j] = Math.max(0, Math.min(255, 100 + ((j * (i + 3)) % 97) + noise[j]!));
    await sharp(bytes, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 85 }).toFile(files[i]!);
  }
  return files;
}
