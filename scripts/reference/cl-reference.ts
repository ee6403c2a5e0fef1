// Compares ViT Studio's label-issue check with the reference cl_reference.py wrote (see there):
// (a) our confident learning on scikit-learn's out-of-fold probabilities (same issues as cleanlab?),
// (b) our own stratified 5-fold heads (the analysis' settings) + confident learning, end to end.
//   npx esbuild scripts/reference/cl-reference.ts --bundle --platform=node --packages=external --outfile=OUT.js && node OUT.js REF.json
import fs from 'node:fs';
import { findLabelIssues } from '../../src/shared/data/confident-learning';
import { standardizeColumns } from '../../src/shared/data/vectors';
import { ANALYSIS_HEAD, analysisEpochs, outOfFold } from '../../src/main/analysis/out-of-fold';

interface Reference { name: string; n: number; d: number; K: number; x: number[]; labels: number[]; truth: number[]; flipped: number[]; probs: number[]; cleanlab_issues: number[]; reference: { precision: number; recall: number; f1: number } }

function score(flagged: number[], flipped: Set<number>) {
  const hits = flagged.filter((i) => flipped.has(i)).length;
  const precision = hits / Math.max(flagged.length, 1);
  const recall = hits / flipped.size;
  return { flagged: flagged.length, precision: +precision.toFixed(3), recall: +recall.toFixed(3), f1: +((2 * precision * recall) / Math.max(precision + recall, 1e-12)).toFixed(3) };
}

async function main() {
  const ref = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as Reference;
  const flipped = new Set(ref.flipped);
  const same = findLabelIssues(ref.labels, Float64Array.from(ref.probs), ref.K).ranked;
  const cl = new Set(ref.cleanlab_issues);
  const x = standardizeColumns(Float32Array.from(ref.x), ref.n, ref.d);
  const train = Array.from({ length: ref.n }, (_, i) => i);
  const t0 = performance.now();
  const oof = await outOfFold(x, ref.d, train, Int32Array.from(ref.labels), ref.K, [], { ...ANALYSIS_HEAD, epochs: analysisEpochs(Math.round(ref.n * 0.8)), folds: 5, seed: 0 });
  const seconds = (performance.now() - t0) / 1000;
  let acc = 0;
  for (let i = 0; i < ref.n; i++) {
    const row = Array.from(oof.probs.subarray(i * ref.K, (i + 1) * ref.K));
    if (row.indexOf(Math.max(...row)) === ref.truth[i]) acc++;
  }
  const ours = findLabelIssues(ref.labels, oof.probs, ref.K).ranked;
  console.log(JSON.stringify({
    set: ref.name,
    images: ref.n,
    flipped: flipped.size,
    reference_sklearn_cleanlab: ref.reference,
    ours_on_sklearn_probabilities: { ...score(same, flipped), identical_to_cleanlab: same.length === cl.size && same.every((i) => cl.has(i)) },
    ours_end_to_end: { ...score(ours, flipped), out_of_fold_accuracy_vs_truth: +(acc / ref.n).toFixed(3), fold_seconds: +seconds.toFixed(2) },
  }, null, 1));
}
void main();
