// The TF.js model of every family it runs against transformers (test/fixtures/*-ref and
// variants/*): each image through the family's image processor, features and probabilities
// within 1e-4 on the exact images and probabilities within 1e-2 through resize/crop; and no tensor
// left behind by extract() or dispose().
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type ComputeInfo } from '../../../src/main/model/backend';
import { loadCheckpoint } from '../../../src/main/model/checkpoint';
import { preprocessImage } from '../../../src/main/model/preprocess';
import { TfjsFeatureEngine } from '../../../src/main/model/tfjs-feature-engine';
import { ViT } from '../../../src/main/model/vit/model';
import type { ModelFamily } from '../../../src/shared/model/vit-config';
import { FAMILY_FIXTURES } from '../../helpers/family-fixtures';
import { maxAbsDiff, softmax } from '../onnx/onnx-fixture';

/** The families the TF.js engine runs (the others are refused in one line, tested in families.test.ts). */
const TFJS_FAMILIES: ModelFamily[] = ['vit', 'dinov2', 'clip', 'siglip'];
const fixtures = FAMILY_FIXTURES.filter((f) => TFJS_FAMILIES.includes(loadCheckpoint(f.folder).config.family));

let compute: ComputeInfo;
beforeAll(async () => {
  compute = await initBackend('wasm');
});

describe.each(fixtures.map((f) => [f.name, f] as const))('TF.js on %s', (_, fixture) => {
  it('matches transformers: features and probs within 1e-4 on exact images, probs within 1e-2 through resize/crop', async () => {
    const checkpoint = loadCheckpoint(fixture.folder);
    const engine = TfjsFeatureEngine.fromCheckpoint(checkpoint, compute);
    try {
      expect(engine.info.featureSize).toBe(fixture.images[0]!.features.length);
      let worstExact = 0;
      let worstFull = 0;
      for (const im of fixture.images) {
        const pixels = await preprocessImage(path.join(fixture.folder, im.image), checkpoint.preprocessor);
        const out = await engine.extract(pixels, 1);
        const probDiff = im.probs ? maxAbsDiff(softmax(out.logits!), im.probs) : 0;
        if (im.exact) {
          worstExact = Math.max(worstExact, maxAbsDiff(out.features, im.features), probDiff);
        } else {
          worstFull = Math.max(worstFull, im.probs ? probDiff : maxAbsDiff(out.features, im.features) / 10);
        }
      }
      console.log(`TF.js ${fixture.name}: exact max |Δ| ${worstExact.toExponential(1)}, full pipeline |Δp| ${worstFull.toExponential(1)}`);
      expect(worstExact).toBeLessThan(fixture.tolerance);
      expect(worstFull).toBeLessThan(fixture.toleranceFullPipeline);
    } finally {
      await engine.dispose();
    }
  });

  it('trains one step: gradients reach every weight on the path and the loss goes down', async () => {
    const checkpoint = loadCheckpoint(fixture.folder);
    if (!checkpoint.weights.classifier) return; // a bare tower has no logits to train on
    const vit = ViT.fromCheckpoint(checkpoint, { trainable: true });
    const pixels = await Promise.all(fixture.images.filter((i) => i.exact).map((i) => preprocessImage(path.join(fixture.folder, i.image), checkpoint.preprocessor)));
    const S = vit.inputSize;
    const x = tf.tensor4d(Float32Array.from(pixels.flatMap((p) => Array.from(p))), [pixels.length, checkpoint.config.numChannels, S, S]);
    const y = tf.oneHot(tf.tensor1d(pixels.map((_, i) => i % vit.numLabels), 'int32'), vit.numLabels);
    const lossFn = () => tf.losses.softmaxCrossEntropy(y, vit.apply(x).logits!) as tf.Scalar;
    try {
      const { grads, value } = tf.variableGrads(lossFn, vit.trainableVariables());
      const before = value.dataSync()[0]!;
      const zero = Object.values(grads).filter((g) => tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0]!) === 0).length;
      expect(zero).toBe(0);
      // CLIP's classifier reads the encoder output before post_layernorm: that LayerNorm is off the path.
      expect(Object.keys(grads).length).toBe(vit.trainableVariables().length - (checkpoint.config.normBeforePooling ? 0 : 2));
      // One gradient-descent step of length 1e-4 (short: vit-gray-ref's classifier, of norm ~300,
      // makes the loss very curved), which a correct gradient must make go down.
      const norm = tf.tidy(() => Math.sqrt(Object.values(grads).reduce((a, g) => a + tf.sum(tf.square(g)).dataSync()[0]!, 0)));
      const opt = tf.train.sgd(1e-4 / norm);
      opt.applyGradients(grads);
      expect(tf.tidy(() => lossFn().dataSync()[0]!)).toBeLessThan(before);
      tf.dispose([value, ...Object.values(grads)]);
      opt.dispose();
    } finally {
      tf.dispose([x, y]);
      vit.dispose();
    }
  });

  it('leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const checkpoint = loadCheckpoint(fixture.folder);
    const engine = TfjsFeatureEngine.fromCheckpoint(checkpoint, compute);
    const loaded = tf.memory().numTensors;
    const pixels = await preprocessImage(path.join(fixture.folder, fixture.images[0]!.image), checkpoint.preprocessor);
    const batch = new Float32Array(pixels.length * 2);
    batch.set(pixels, 0);
    batch.set(pixels, pixels.length);
    await engine.extract(batch, 2);
    await engine.extract(pixels, 1);
    expect(tf.memory().numTensors).toBe(loaded);
    await engine.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
