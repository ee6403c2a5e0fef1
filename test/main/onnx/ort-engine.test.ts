import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../../src/main/model/checkpoint';
import { graphBuildCount } from '../../../src/main/onnx/graph-cache';
import { createOrtFeatureEngine, type OrtFeatureEngine } from '../../../src/main/onnx/ort-engine';
import {
  FIXTURE,
  copyFixture,
  expectedImages,
  maxAbsDiff,
  pixelValues,
  softmax,
  tmpDir,
} from './onnx-fixture';

const TOL = 1e-4;
const work = tmpDir('ort-engine-');
const cacheDir = path.join(work, 'cache');
const { preprocessor } = loadCheckpoint(FIXTURE);
const images = expectedImages();
let pixels: Float32Array[] = [];
let engine: OrtFeatureEngine;

beforeAll(async () => {
  pixels = await Promise.all(images.map((im) => pixelValues(path.join(FIXTURE, im.image), preprocessor)));
  engine = await createOrtFeatureEngine(FIXTURE, { cacheDir, device: 'cpu' });
});

afterAll(async () => {
  await engine?.dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

function concat(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

describe('OrtFeatureEngine on the reference ViT', () => {
  it('describes what runs', () => {
    expect(engine.info).toEqual({ engine: 'ort', device: expect.stringMatching(/^CPU \(/), featureSize: 48, numLabels: 5 });
    expect(engine.parallelBatches).toBeGreaterThanOrEqual(1);
    expect(engine.notices).toEqual([]);
  });

  it('matches the reference probs and [CLS] features within 1e-4', async () => {
    let worstFeature = 0;
    let worstProb = 0;
    for (let i = 0; i < images.length; i++) {
      const out = await engine.extract(pixels[i]!, 1);
      worstFeature = Math.max(worstFeature, maxAbsDiff(out.features, images[i]!.cls_feature));
      worstProb = Math.max(worstProb, maxAbsDiff(softmax(out.logits!), images[i]!.probs));
    }
    console.log(`ORT fp32 parity: max |Δ feature| ${worstFeature.toExponential(2)}, max |Δ prob| ${worstProb.toExponential(2)}`);
    expect(worstFeature).toBeLessThan(TOL);
    expect(worstProb).toBeLessThan(TOL);
  });

  it('matches the reference with the standard-ops attention graph too', async () => {
    const mha = await createOrtFeatureEngine(FIXTURE, { cacheDir, device: 'cpu', attention: 'onnx' });
    try {
      expect(mha.graph.path).not.toBe(engine.graph.path);
      const out = await mha.extract(concat(pixels), pixels.length);
      images.forEach((im, i) => {
        expect(maxAbsDiff(out.features.subarray(i * 48, (i + 1) * 48), im.cls_feature)).toBeLessThan(TOL);
        expect(maxAbsDiff(softmax(out.logits!.subarray(i * 5, (i + 1) * 5)), im.probs)).toBeLessThan(TOL);
      });
    } finally {
      await mha.dispose();
    }
  });

  it('gives a batch of 3 the same answers as three batches of 1', async () => {
    const batch = await engine.extract(concat(pixels.slice(0, 3)), 3);
    expect(batch.features.length).toBe(3 * 48);
    expect(batch.logits!.length).toBe(3 * 5);
    for (let i = 0; i < 3; i++) {
      const one = await engine.extract(pixels[i]!, 1);
      expect(maxAbsDiff(batch.features.subarray(i * 48, (i + 1) * 48), one.features)).toBeLessThan(1e-5);
      expect(maxAbsDiff(batch.logits!.subarray(i * 5, (i + 1) * 5), one.logits!)).toBeLessThan(1e-5);
    }
  });

  it('rejects pixel_values of the wrong size with the expected shape', async () => {
    await expect(engine.extract(new Float32Array(10), 1)).rejects.toThrow(/\[1, 3, 32, 32\] needs 3072/);
    await expect(engine.extract(pixels[0]!, 0)).rejects.toThrow(/positive integer/);
  });

  it('reuses the cached graph on a second create', async () => {
    expect(engine.graph.built).toBe(true);
    const mtime = fs.statSync(engine.graph.path).mtimeMs;
    const builds = graphBuildCount();
    const again = await createOrtFeatureEngine(FIXTURE, { cacheDir, device: 'cpu', sessions: 1, intraOpThreads: 1 });
    try {
      expect(again.graph.built).toBe(false);
      expect(again.graph.path).toBe(engine.graph.path);
      expect(graphBuildCount()).toBe(builds);
      expect(fs.statSync(again.graph.path).mtimeMs).toBe(mtime);
      expect(again.info.device).toBe('CPU (1 thread)');
    } finally {
      await again.dispose();
    }
  });

  it('rebuilds when the checkpoint file changes', async () => {
    const dir = copyFixture(path.join(work, 'copy'));
    const first = await createOrtFeatureEngine(dir, { cacheDir, device: 'cpu' });
    await first.dispose();
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(dir, 'model.safetensors'), later, later);
    const second = await createOrtFeatureEngine(dir, { cacheDir, device: 'cpu' });
    await second.dispose();
    expect(first.graph.built).toBe(true);
    expect(second.graph.built).toBe(true);
    expect(second.graph.path).not.toBe(first.graph.path);
  });

  it('gives logits null for a backbone without classifier, with the same features', async () => {
    const dir = copyFixture(path.join(work, 'backbone'), { backboneOnly: true });
    const bare = await createOrtFeatureEngine(dir, { cacheDir, device: 'cpu' });
    try {
      expect(bare.info.numLabels).toBe(0);
      const out = await bare.extract(pixels[0]!, 1);
      expect(out.logits).toBeNull();
      expect(maxAbsDiff(out.features, images[0]!.cls_feature)).toBeLessThan(TOL);
    } finally {
      await bare.dispose();
    }
  });

  it.each(['dml', 'coreml', 'cuda'] as const)('falls back to CPU with one notice when %s cannot start', async (device) => {
    if (device === 'cuda' && process.platform === 'win32') return; // might really start there
    const notices: string[] = [];
    const e = await createOrtFeatureEngine(FIXTURE, { cacheDir, device, onNotice: (m) => notices.push(m) });
    try {
      expect(e.info.device).toMatch(/^CPU \(/);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/running on CPU$/);
      expect(notices[0]).not.toContain('\n');
      expect(e.notices).toEqual(notices);
      const out = await e.extract(pixels[0]!, 1);
      expect(maxAbsDiff(out.features, images[0]!.cls_feature)).toBeLessThan(TOL);
    } finally {
      await e.dispose();
    }
  });

  it('int8 fast mode stays close and keeps top-1', async () => {
    const fast = await createOrtFeatureEngine(FIXTURE, { cacheDir, device: 'cpu', precision: 'int8' });
    try {
      expect(fast.info.device).toMatch(/int8/);
      let worstFeature = 0;
      let worstProb = 0;
      let agree = 0;
      for (let i = 0; i < images.length; i++) {
        const out = await fast.extract(pixels[i]!, 1);
        worstFeature = Math.max(worstFeature, maxAbsDiff(out.features, images[i]!.cls_feature));
        const probs = softmax(out.logits!);
        worstProb = Math.max(worstProb, maxAbsDiff(probs, images[i]!.probs));
        const top = probs.indexOf(Math.max(...probs));
        const refTop = images[i]!.probs.indexOf(Math.max(...images[i]!.probs));
        if (top === refTop) agree++;
      }
      console.log(`ORT int8: max |Δ feature| ${worstFeature.toExponential(2)}, max |Δ prob| ${worstProb.toExponential(2)}, top-1 ${agree}/${images.length}`);
      expect(worstFeature).toBeGreaterThan(0); // it really is a different (quantized) graph
      expect(worstFeature).toBeLessThan(0.25);
      expect(agree).toBe(images.length);
      // An image's int8 features are its own: the same alone as in a batch with any others.
      const batch = new Float32Array(pixels.reduce((n, p) => n + p!.length, 0));
      pixels.forEach((p, i) => batch.set(p!, i * p!.length));
      const together = await fast.extract(batch, pixels.length);
      const D = together.features.length / pixels.length;
      for (let i = 0; i < pixels.length; i++) {
        const alone = await fast.extract(pixels[i]!, 1);
        expect(Array.from(together.features.subarray(i * D, (i + 1) * D))).toEqual(Array.from(alone.features));
      }
    } finally {
      await fast.dispose();
    }
  });

  it('runs several sessions side by side with the same answers', async () => {
    const two = await createOrtFeatureEngine(FIXTURE, { cacheDir, device: 'cpu', sessions: 2 });
    try {
      expect(two.info.device).toMatch(/^CPU \(2 sessions × 1 thread\)$/);
      const outs = await Promise.all(pixels.map((px) => two.extract(px, 1)));
      outs.forEach((out, i) => expect(maxAbsDiff(out.features, images[i]!.cls_feature)).toBeLessThan(TOL));
    } finally {
      await two.dispose();
    }
  });

  it('refuses to use a disposed engine', async () => {
    const e = await createOrtFeatureEngine(FIXTURE, { cacheDir, device: 'cpu' });
    await e.dispose();
    await expect(e.extract(pixels[0]!, 1)).rejects.toThrow(/disposed/);
  });
});
