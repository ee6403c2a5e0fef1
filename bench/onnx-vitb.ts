// Helpers for the ONNX bench: a ViT-B/16 checkpoint with random weights (written once to the OS
// temp folder and reused), and a folder of JPEGs for the end-to-end run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { writeSafetensors, type TensorToWrite } from '../src/main/model/safetensors';

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

/** Writes (once) a ViTForImageClassification ViT-B/16 with random weights; returns its folder. */
export function vitB16Checkpoint(): string {
  const dir = path.join(os.tmpdir(), 'vit-studio-bench-vit-b16');
  if (fs.existsSync(path.join(dir, 'model.safetensors'))) return dir;
  fs.mkdirSync(dir, { recursive: true });
  const { D, layers, heads, I, image, patch, labels } = VIT_B16;
  const N = (image / patch) ** 2;
  let seed = 1;
  const rnd = (shape: number[], sigma = 0.02): TensorToWrite['data'] => randomFloats(shape.reduce((a, b) => a * b, 1), sigma, seed++);
  const t: TensorToWrite[] = [];
  const add = (name: string, shape: number[], data = rnd(shape)) => t.push({ name, shape, data });
  const ln = (p: string) => {
    add(`${p}.weight`, [D], new Float32Array(D).fill(1));
    add(`${p}.bias`, [D], new Float32Array(D));
  };
  add('vit.embeddings.cls_token', [1, 1, D]);
  add('vit.embeddings.position_embeddings', [1, N + 1, D]);
  add('vit.embeddings.patch_embeddings.projection.weight', [D, 3, patch, patch]);
  add('vit.embeddings.patch_embeddings.projection.bias', [D]);
  for (let l = 0; l < layers; l++) {
    const p = `vit.encoder.layer.${l}.`;
    for (const n of ['query', 'key', 'value']) {
      add(`${p}attention.attention.${n}.weight`, [D, D]);
      add(`${p}attention.attention.${n}.bias`, [D]);
    }
    add(`${p}attention.output.dense.weight`, [D, D]);
    add(`${p}attention.output.dense.bias`, [D]);
    add(`${p}intermediate.dense.weight`, [I, D]);
    add(`${p}intermediate.dense.bias`, [I]);
    add(`${p}output.dense.weight`, [D, I]);
    add(`${p}output.dense.bias`, [D]);
    ln(`${p}layernorm_before`);
    ln(`${p}layernorm_after`);
  }
  ln('vit.layernorm');
  add('classifier.weight', [labels, D]);
  add('classifier.bias', [labels]);
  const id2label = Object.fromEntries(Array.from({ length: labels }, (_, i) => [String(i), `class_${i}`]));
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'vit', hidden_size: D, num_hidden_layers: layers, num_attention_heads: heads,
      intermediate_size: I, hidden_act: 'gelu', layer_norm_eps: 1e-12, image_size: image,
      patch_size: patch, num_channels: 3, qkv_bias: true, id2label,
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'preprocessor_config.json'),
    JSON.stringify({ do_resize: true, size: { height: image, width: image }, resample: 2, do_rescale: true,
      rescale_factor: 1 / 255, do_normalize: true, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] }),
  );
  writeSafetensors(path.join(dir, 'model.safetensors'), t);
  return dir;
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
