// Each family's tensor names, read from the fixtures' model.safetensors (written by transformers'
// save_pretrained): the loader expects exactly what is there, reads it into the one ViTWeights
// layout, and weightsToTensors writes the same tensors back byte for byte (what export relies on).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckpointError, expectedTensorShapes, loadCheckpoint } from '../../../src/main/model/checkpoint';
import { weightsToTensors } from '../../../src/main/model/save-checkpoint';
import { SafetensorsFile, writeSafetensors } from '../../../src/main/model/safetensors';

const FIXTURES = path.resolve(__dirname, '../../fixtures');
const REFS = ['vit-ref', 'vit-gray-ref', 'dinov2-ref', 'clip-ref', 'siglip-ref'] as const;
const PREFIX: Record<(typeof REFS)[number], string> = {
  'vit-ref': 'vit.',
  'vit-gray-ref': 'vit.',
  'dinov2-ref': 'dinov2.',
  'clip-ref': 'vision_model.',
  'siglip-ref': 'vision_model.',
};
// In the files but read by no feature: DINOv2's mask token (pre-training only), SigLIP's
// attention-pooling head (SiglipForImageClassification averages the tokens instead).
const UNUSED = /^(dinov2\.embeddings\.mask_token|vision_model\.head\.)/;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'family-tensors-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function shapesIn(file: string): Map<string, number[]> {
  const f = SafetensorsFile.open(file);
  try {
    return new Map([...f.tensors].map(([name, t]) => [name, t.shape]));
  } finally {
    f.close();
  }
}

describe.each(REFS)('%s', (ref) => {
  const folder = path.join(FIXTURES, ref);
  const file = path.join(folder, 'model.safetensors');

  it('expects exactly the tensors transformers saved (besides the unused ones), with their shapes', () => {
    const { config } = loadCheckpoint(folder);
    const expected = expectedTensorShapes(config, PREFIX[ref], true);
    const actual = new Map([...shapesIn(file)].filter(([name]) => !UNUSED.test(name)));
    expect(new Set(expected.keys())).toEqual(new Set(actual.keys()));
    for (const [name, shape] of expected) expect(actual.get(name), name).toEqual(shape);
  });

  it('reads into ViTWeights with the parts the family has', () => {
    const { config, weights: w } = loadCheckpoint(folder);
    expect(w.layers).toHaveLength(config.numHiddenLayers);
    expect(w.clsToken === null).toBe(!config.clsToken);
    expect(w.preLayernorm !== undefined).toBe(config.preLayernorm);
    expect(w.layers[0]!.layerScale1 !== undefined).toBe(config.layerScale);
    expect(w.classifier!.inFeatures).toBe(config.family === 'dinov2' ? 2 * config.hiddenSize : config.hiddenSize);
    if (!config.patchBias) expect([...w.patchProjection.bias].every((v) => v === 0)).toBe(true);
    expect((w.unused ?? []).map((u) => u.name).sort()).toEqual(
      [...shapesIn(file).keys()].filter((n) => UNUSED.test(n)).map((n) => n.slice(PREFIX[ref].length)).sort(),
    );
  });

  it('writes the same tensors back, byte for byte', () => {
    const { config, weights } = loadCheckpoint(folder);
    const out = path.join(tmp, `${ref}.safetensors`);
    writeSafetensors(out, weightsToTensors(config, weights));
    const a = SafetensorsFile.open(file);
    const b = SafetensorsFile.open(out);
    try {
      expect(new Set(b.tensors.keys())).toEqual(new Set(a.tensors.keys()));
      for (const name of a.tensors.keys()) expect(Buffer.from(b.readFloat32(name).buffer).equals(Buffer.from(a.readFloat32(name).buffer)), name).toBe(true);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('a checkpoint whose tensors belong to another family', () => {
  it("names the family config.json claims and the tensors it lacks", () => {
    const folder = path.join(tmp, 'mislabelled');
    fs.mkdirSync(folder);
    // DINOv2 weights under a ViT config.json.
    const config = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'dinov2-ref/config.json'), 'utf8'));
    fs.writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ ...config, model_type: 'vit', intermediate_size: 96 }));
    fs.copyFileSync(path.join(FIXTURES, 'dinov2-ref/model.safetensors'), path.join(folder, 'model.safetensors'));
    expect(() => loadCheckpoint(folder)).toThrow(CheckpointError);
    expect(() => loadCheckpoint(folder)).toThrow(/a vit checkpoint by config.json\): missing \d+ tensor\(s\): vit\.embeddings/);
  });
});
