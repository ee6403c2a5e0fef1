import { seededRandom, shuffleInPlace } from '../random';

// Stratified, seeded K-fold assignment: each class's examples are shuffled and dealt over the folds
// in turn, continuing where the previous class stopped, so every fold gets about n/K examples and
// about 1/K of each class. A class with fewer than K examples lands in fewer folds.

/** fold[i] in 0…K−1 for every example. */
export function stratifiedFolds(labels: ArrayLike<number>, K: number, seed: number): Int32Array {
  if (K < 2) throw new Error('stratifiedFolds: needs at least 2 folds');
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const members = byClass.get(labels[i]!) ?? [];
    members.push(i);
    byClass.set(labels[i]!, members);
  }
  const rand = seededRandom(seed ^ 0x5f01d);
  const fold = new Int32Array(labels.length);
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const i of shuffleInPlace(byClass.get(c)!, rand)) {
      fold[i] = next;
      next = (next + 1) % K;
    }
  }
  return fold;
}
