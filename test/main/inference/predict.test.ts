// predict end to end: the engine channel (paths and base64), the CLI's --json shape and exit
// codes, and no tensor leak over repeated predictions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/main/hosts/cli/cli';
import { Engine } from '../../../src/main/engine/engine';
import { initBackend } from '../../../src/main/model/backend';
import { makeTinyCheckpoint } from '../../helpers/tiny-vit';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vit-predict-'));
const ck = makeTinyCheckpoint(path.join(root, 'model'), { labels: ['cat', 'dog', 'bird', 'fish'], seed: 5, std: 0.3 });
const images = [path.join(root, 'a.png'), path.join(root, 'b.jpg')];
let engine: Engine;

/** The CLI on a workspace of this test's own: never the machine's app-data folder, which other builds (other schemas) share. */
async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main([argv[0]!, '--workspace', path.join(root, 'cli-workspace'), ...argv.slice(1)]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  await initBackend('wasm');
  const noise = (seed: number) => Buffer.from(Array.from({ length: 40 * 30 * 3 }, (_, i) => (i * seed * 31) % 256));
  await sharp(noise(3), { raw: { width: 40, height: 30, channels: 3 } }).png().toFile(images[0]!);
  await sharp(noise(7), { raw: { width: 40, height: 30, channels: 3 } }).jpeg().toFile(images[1]!);
  engine = new Engine(path.join(root, 'workspace'));
});
afterAll(() => {
  engine.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('model.predict', () => {
  it('ranks the labels by probability for paths and for base64 image data', async () => {
    const byPath = await engine.invoke('model.predict', { model: ck.folder, images, topK: 3 });
    expect(byPath.map((r) => r.image)).toEqual(images);
    for (const r of byPath) {
      expect(r.predictions).toHaveLength(3);
      const scores = r.predictions.map((p) => p.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      for (const p of r.predictions) expect(['cat', 'dog', 'bird', 'fish']).toContain(p.label);
    }
    const byData = await engine.invoke('model.predict', {
      model: ck.folder,
      imageData: fs.readFileSync(images[0]!).toString('base64'),
      topK: 4,
    });
    expect(byData[0]!.image).toBe('image');
    expect(byData[0]!.predictions.reduce((a, p) => a + p.score, 0)).toBeCloseTo(1, 5);
    expect(byData[0]!.predictions[0]).toEqual(byPath[0]!.predictions[0]);
  });

  it('answers not_found for a missing image or model, and keeps tensors flat', async () => {
    const missing = await engine.call('model.predict', { model: ck.folder, images: [path.join(root, 'nope.png')] });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const noModel = await engine.call('model.predict', { model: path.join(root, 'no-model'), images });
    expect(noModel.ok).toBe(false);
    await engine.invoke('model.predict', { model: ck.folder, images });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await engine.invoke('model.predict', { model: ck.folder, images });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lists the known checkpoints; the workspace reports the compute backend', async () => {
    const known = await engine.invoke('model.known', {});
    expect(known[0]!.id).toBe('google/vit-base-patch16-224');
    expect(known.map((k) => k.id)).toContain('facebook/deit-tiny-patch16-224');
    const { compute } = await engine.invoke('workspace.info', {});
    expect(compute).toMatchObject({ tfjsBackend: 'wasm', tfjsDevice: expect.stringContaining('WASM') });
  });
});

describe('vit-studio predict', () => {
  it('--json prints what ran and [{image, predictions: [{label, score}]}] highest first', async () => {
    const { code, stdout } = await runCli(['predict', '--model', ck.folder, '--top-k', '2', '--json', ...images]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { engine: string; device: string; precision: string; results: { image: string; predictions: { label: string; score: number }[] }[] };
    expect(out).toMatchObject({ model: ck.folder, engine: 'ort', device: expect.stringMatching(/^CPU/), precision: 'fp32' });
    const parsed = out.results;
    expect(parsed.map((r) => r.image)).toEqual(images);
    for (const r of parsed) {
      expect(Object.keys(r)).toEqual(['image', 'predictions']);
      expect(r.predictions).toHaveLength(2);
      expect(Object.keys(r.predictions[0]!)).toEqual(['label', 'score']);
      expect(r.predictions[0]!.score).toBeGreaterThanOrEqual(r.predictions[1]!.score);
    }
  });

  it('prints a table with the engine and device', async () => {
    const { code, stdout } = await runCli(['predict', '--model', ck.folder, images[0]!]);
    expect(code).toBe(0);
    // ONNX Runtime by default (it loads here); --backend picks TF.js and that backend.
    expect(stdout).toMatch(/Engine: {2}ONNX Runtime — CPU/);
    const tfjs = await runCli(['predict', '--model', ck.folder, '--backend', 'wasm', images[0]!]);
    expect(tfjs.code).toBe(0);
    expect(tfjs.stdout).toMatch(/Engine: {2}TF\.js — WASM/);
    expect(stdout).toMatch(/ 1\. (cat|dog|bird|fish)\s+\d+\.\d\d%/);
  });

  it('exits 2 with one line for a missing image or model', async () => {
    const noImage = await runCli(['predict', '--model', ck.folder, path.join(root, 'missing.jpg')]);
    expect(noImage.code).toBe(2);
    expect(noImage.stderr.trim().split('\n')).toHaveLength(1);
    expect(noImage.stderr).toMatch(/no such image/);
    const noModel = await runCli(['predict', '--model', path.join(root, 'nowhere'), images[0]!]);
    expect(noModel.code).toBe(2);
    expect(noModel.stderr.trim().split('\n')).toHaveLength(1);
    const emptyFolder = fs.mkdtempSync(path.join(root, 'empty-'));
    const notAModel = await runCli(['predict', '--model', emptyFolder, images[0]!]);
    expect(notAModel.code).toBe(2);
    expect(notAModel.stderr).toMatch(/model\.safetensors not found/);
  });
});
