import { describe, expect, it } from 'vitest';
import { BestEpoch } from '../../../src/main/train/best-epoch';

describe('BestEpoch', () => {
  const row = (epoch: number, valAcc: number | null, valLoss: number | null = valAcc === null ? null : 1 - valAcc) => ({ epoch, trainLoss: 1, trainAcc: 0.5, valLoss, valAcc });

  it('keeps the last epoch when there is no validation split', () => {
    const t = new BestEpoch<number>(null);
    for (let e = 1; e <= 4; e++) t.record(row(e, null), () => e);
    expect(t.epoch).toBe(4);
    expect(t.best(() => 0)).toBe(4);
  });

  it('keeps the best validation accuracy and stops after `patience` epochs without one', () => {
    const t = new BestEpoch<number>(2);
    expect(t.record(row(1, 0.5), () => 1)).toBe(false);
    expect(t.record(row(2, 0.7), () => 2)).toBe(false);
    expect(t.record(row(3, 0.6), () => 3)).toBe(false);
    expect(t.record(row(4, 0.6), () => 4)).toBe(true);
    expect(t.best(() => 0)).toBe(2);
  });
});
