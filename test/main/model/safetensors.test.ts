// Reading checkpoints: dtype decoding, and a clear one-line error for every kind of bad file
// (truncated, hostile header, unknown dtype, tensors that disagree with config.json, bad config).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SafetensorsFile, writeSafetensors } from '../../../src/main/model/safetensors';
import { CheckpointError, loadCheckpoint } from '../../../src/main/model/checkpoint';
import { makeTinyCheckpoint } from '../../helpers/tiny-vit';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-st-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let n = 0;

/** A safetensors file from a raw header object and data bytes. */
function rawFile(header: unknown, data: Uint8Array, headerLength?: bigint): string {
  const file = path.join(root, `raw-${n++}.safetensors`);
  const json = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(headerLength ?? BigInt(json.length));
  fs.writeFileSync(file, Buffer.concat([len, json, data]));
  return file;
}

function copyCheckpoint(mutate: (folder: string) => void): string {
  const folder = path.join(root, `ck-${n++}`);
  makeTinyCheckpoint(folder, { hiddenSize: 16, layers: 2, heads: 2, imageSize: 16, patchSize: 8, labels: 3 });
  mutate(folder);
  return folder;
}

describe('safetensors', () => {
  it('decodes F16 and BF16 (normal, subnormal, negative, infinity) to float32', () => {
    const f16 = new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001, 0x7c00, 0x0000]); // 1, -2, ~0.3333, 2^-24, inf, 0
    const bf16 = new Uint16Array([0x3f80, 0xc040, 0x3eaa, 0xff80]); // 1, -3, ~0.332, -inf
    const data = new Uint8Array([...new Uint8Array(f16.buffer), ...new Uint8Array(bf16.buffer)]);
    const file = rawFile(
      {
        h: { dtype: 'F16', shape: [2, 3], data_offsets: [0, 12] },
        b: { dtype: 'BF16', shape: [4], data_offsets: [12, 20] },
      },
      data,
    );
    const st = SafetensorsFile.open(file);
    try {
      const h = st.readFloat32('h');
      expect(Array.from(h.slice(0, 2))).toEqual([1, -2]);
      expect(h[2]).toBeCloseTo(1 / 3, 3);
      expect(h[3]).toBe(2 ** -24);
      expect(h[4]).toBe(Infinity);
      expect(h[5]).toBe(0);
      const b = st.readFloat32('b');
      expect(Array.from(b.slice(0, 2))).toEqual([1, -3]);
      expect(b[2]).toBeCloseTo(0.333, 2);
      expect(b[3]).toBe(-Infinity);
    } finally {
      st.close();
    }
  });

  it('round-trips F32 through writeSafetensors', () => {
    const file = path.join(root, 'rt.safetensors');
    writeSafetensors(file, [{ name: 'w', shape: [2, 2], data: new Float32Array([1, 2, 3, 4.5]) }]);
    const st = SafetensorsFile.open(file);
    expect(Array.from(st.readFloat32('w'))).toEqual([1, 2, 3, 4.5]);
    st.close();
  });

  it('rejects a header claiming terabytes without allocating it', () => {
    const file = rawFile({}, new Uint8Array(16), 2n ** 40n);
    const before = process.memoryUsage().rss;
    expect(() => SafetensorsFile.open(file)).toThrow(/header claims 1099511627776 bytes but the file has/);
    expect(process.memoryUsage().rss - before).toBeLessThan(100e6);
  });

  it('rejects a truncated file and an unknown dtype, naming the tensor', () => {
    const truncated = rawFile({ w: { dtype: 'F32', shape: [4, 4], data_offsets: [0, 64] } }, new Uint8Array(40));
    expect(() => SafetensorsFile.open(truncated)).toThrow(/tensor "w" ends at byte 64 of the data but the file holds only 40 \(truncated\?\)/);
    const unknown = rawFile({ w: { dtype: 'F8_E4M3', shape: [4], data_offsets: [0, 4] } }, new Uint8Array(4));
    expect(() => SafetensorsFile.open(unknown)).toThrow(/tensor "w" has unknown dtype "F8_E4M3"/);
    const tiny = path.join(root, 'tiny.safetensors');
    fs.writeFileSync(tiny, Buffer.from([1, 2, 3]));
    expect(() => SafetensorsFile.open(tiny)).toThrow(/too small to be a safetensors file/);
  });

  it('requires sorted, non-overlapping, gap-free offsets that cover the data exactly', () => {
    const data = new Uint8Array(32);
    const at = (a: [number, number], b: [number, number]) => ({
      a: { dtype: 'F32', shape: [4], data_offsets: a },
      b: { dtype: 'F32', shape: [4], data_offsets: b },
    });
    // Every tensor on the same bytes: each alone is valid, together they alias each other.
    expect(() => SafetensorsFile.open(rawFile(at([0, 16], [0, 16]), data))).toThrow(/tensors "a" and "b" overlap/);
    expect(() => SafetensorsFile.open(rawFile(at([0, 16], [8, 24]), new Uint8Array(24)))).toThrow(/overlap/);
    expect(() => SafetensorsFile.open(rawFile(at([0, 16], [20, 36]), new Uint8Array(36)))).toThrow(/4 bytes between tensors "a" and "b"/);
    expect(() => SafetensorsFile.open(rawFile(at([0, 16], [16, 32]), new Uint8Array(40)))).toThrow(/8 bytes after the last tensor/);
    expect(() => SafetensorsFile.open(rawFile(at([4, 20], [20, 36]), new Uint8Array(36)))).toThrow(/4 bytes before the first tensor/);
    // Out of order in the header but contiguous on disk is what writers produce: fine.
    const swapped = SafetensorsFile.open(rawFile(at([16, 32], [0, 16]), data));
    expect(swapped.info('a').begin).toBeGreaterThan(swapped.info('b').begin);
    swapped.close();
    // Zero-sized tensors take no bytes and may sit anywhere in the run.
    const empty = { e: { dtype: 'F32', shape: [0], data_offsets: [16, 16] }, ...at([0, 16], [16, 32]) };
    SafetensorsFile.open(rawFile(empty, data)).close();
  });

  it('names tensors that disagree with config.json', () => {
    const folder = copyCheckpoint((f) => {
      const cfg = JSON.parse(fs.readFileSync(path.join(f, 'config.json'), 'utf8'));
      cfg.intermediate_size = 40; // the weights were written with 32
      fs.writeFileSync(path.join(f, 'config.json'), JSON.stringify(cfg));
    });
    expect(() => loadCheckpoint(folder)).toThrow(CheckpointError);
    expect(() => loadCheckpoint(folder)).toThrow(/vit\.encoder\.layer\.0\.intermediate\.dense\.weight is \[32, 16\], config\.json implies \[40, 16\]/);
  });

  it('lists missing tensors', () => {
    const folder = copyCheckpoint((f) => {
      const cfg = JSON.parse(fs.readFileSync(path.join(f, 'config.json'), 'utf8'));
      cfg.num_hidden_layers = 3; // the file has layers 0 and 1 only
      fs.writeFileSync(path.join(f, 'config.json'), JSON.stringify(cfg));
    });
    expect(() => loadCheckpoint(folder)).toThrow(/missing 16 tensor\(s\): vit\.encoder\.layer\.2\./);
  });

  it('rejects impossible config values with the key named', () => {
    const withConfig = (patch: Record<string, unknown>) =>
      copyCheckpoint((f) => {
        const cfg = JSON.parse(fs.readFileSync(path.join(f, 'config.json'), 'utf8'));
        fs.writeFileSync(path.join(f, 'config.json'), JSON.stringify({ ...cfg, ...patch }));
      });
    expect(() => loadCheckpoint(withConfig({ num_attention_heads: 3 }))).toThrow(/hidden_size 16 is not a multiple of num_attention_heads 3/);
    expect(() => loadCheckpoint(withConfig({ patch_size: 5 }))).toThrow(/image_size 16 is not a multiple of patch_size 5/);
    expect(() => loadCheckpoint(withConfig({ hidden_size: -4 }))).toThrow(/"hidden_size" must be an integer/);
    expect(() => loadCheckpoint(withConfig({ hidden_act: 'swish' }))).toThrow(/hidden_act "swish" is not supported/);
    expect(() => loadCheckpoint(withConfig({ model_type: 'bert' }))).toThrow(/model_type "bert" is not a ViT/);
  });

  it('points at pytorch_model.bin-only folders and missing files', () => {
    const folder = path.join(root, 'bin-only');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'pytorch_model.bin'), '');
    expect(() => loadCheckpoint(folder)).toThrow(/has only pytorch_model\.bin/);
    const noConfig = copyCheckpoint((f) => fs.rmSync(path.join(f, 'config.json')));
    expect(() => loadCheckpoint(noConfig)).toThrow(/config\.json not found/);
  });
});
