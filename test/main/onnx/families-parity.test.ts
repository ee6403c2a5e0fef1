// The ONNX graph of every family against transformers: the reference checkpoints and the variants
// (more layers, other patch sizes and activations, registers, interpolated positions, bare towers),
// each image through the real preprocessing (the family's image processor) and the ORT engine.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelConfigSync } from '../../../src/main/model/checkpoint';
import { preprocessImage } from '../../../src/main/model/preprocess';
import { createOrtFeatureEngine } from '../../../src/main/onnx/ort-engine';
import { FAMILY_FIXTURES, type FamilyFixture } from '../../helpers/family-fixtures';
import { maxAbsDiff, softmax, tmpDir } from './onnx-fixture';

const work = tmpDir('ort-families-');
const cacheDir = path.join(work, 'cache');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function run(fixture: FamilyFixture, precision: 'fp32' | 'int8') {
  const { preprocessor } = loadModelConfigSync(fixture.folder);
  const engine = await createOrtFeatureEngine(fixture.folder, { cacheDir, device: 'cpu', precision, sessions: 1, intraOpThreads: 1 });
  try {
    const results = [];
    for (const im of fixture.images) {
      const pixels = await preprocessImage(path.join(fixture.folder, im.image), preprocessor);
      const out = await engine.extract(pixels, 1);
      results.push({
        im,
        feature: maxAbsDiff(out.features, im.features),
        prob: out.logits && im.probs ? maxAbsDiff(softmax(out.logits), im.probs) : null,
        top1Agrees: out.logits && im.probs ? argmax(softmax(out.logits)) === argmax(im.probs) : null,
      });
    }
    return { info: engine.info, results };
  } finally {
    await engine.dispose();
  }
}

const argmax = (v: number[]) => v.indexOf(Math.max(...v));

describe.each(FAMILY_FIXTURES.map((f) => [f.name, f] as const))('ONNX Runtime on %s', (_, fixture) => {
  it('matches transformers: features and probs within 1e-4 on exact images, probs within 1e-2 through resize/crop', async () => {
    const { info, results } = await run(fixture, 'fp32');
    expect(info.featureSize).toBe(fixture.images[0]!.features.length);
    expect(info.numLabels).toBe(fixture.images[0]!.probs?.length ?? 0);
    for (const r of results) {
      if (r.im.exact) {
        expect(r.feature, `${r.im.image} features`).toBeLessThan(fixture.tolerance);
        if (r.prob !== null) expect(r.prob, `${r.im.image} probs`).toBeLessThan(fixture.tolerance);
      } else if (r.prob !== null) {
        expect(r.prob, `${r.im.image} probs`).toBeLessThan(fixture.toleranceFullPipeline);
      } else {
        expect(r.feature, `${r.im.image} features`).toBeLessThan(fixture.toleranceFullPipeline * 10);
      }
    }
    const worst = (k: 'feature' | 'prob', exact: boolean) => Math.max(0, ...results.filter((r) => r.im.exact === exact).map((r) => r[k] ?? 0));
    console.log(`${fixture.name} fp32: exact |Δf| ${worst('feature', true).toExponential(1)} |Δp| ${worst('prob', true).toExponential(1)}; full pipeline |Δp| ${worst('prob', false).toExponential(1)}`);
  });

  it('int8 features stay close', async () => {
    const { info, results } = await run(fixture, 'int8');
    expect(info.device).toMatch(/int8/);
    const worstFeature = Math.max(...results.map((r) => r.feature));
    const worstProb = Math.max(0, ...results.map((r) => r.prob ?? 0));
    console.log(`${fixture.name} int8: |Δf| ${worstFeature.toExponential(1)} |Δp| ${worstProb.toExponential(1)}, top-1 ${results.filter((r) => r.top1Agrees).length}/${results.length}`);
    expect(worstFeature).toBeGreaterThan(0); // a really different (quantized) graph
    // Features within 0.05 (they are O(1)). Probabilities are not bounded here: vit-gray-ref's
    // classifier has weights of norm ~300, so any feature error is amplified ×300 into its logits.
    expect(worstFeature).toBeLessThan(0.05);
  });
});
