import { describe, expect, it } from 'vitest';
import { colorPoints, type MapColumns } from '../../../src/renderer/features/map/map-colors';

const columns: MapColumns = {
  labels: [
    { id: 1, name: 'cat', color: '#ff0000' },
    { id: 2, name: 'dog', color: '#0000ff' },
  ],
  labelIds: [1, 2, null, 1],
  splits: ['train', 'test', null, 'train'],
  predictedLabelIds: [1, 1, 2, null],
  correct: [true, false, null, null],
  suspicious: [false, true, false, false],
};

const rgbAt = (rgba: Uint8Array, i: number) => [...rgba.slice(i * 4, i * 4 + 3)];

describe('map colours', () => {
  it('colours by label with counts, unlabeled grey and last', () => {
    const { rgba, legend } = colorPoints(columns, 'label');
    expect(rgbAt(rgba, 0)).toEqual([255, 0, 0]);
    expect(rgbAt(rgba, 1)).toEqual([0, 0, 255]);
    expect(legend.map((e) => [e.name, e.count])).toEqual([['cat', 2], ['dog', 1], ['Unlabeled', 1]]);
  });

  it('colours by split, prediction, correctness and suspicion', () => {
    expect(colorPoints(columns, 'split').legend.map((e) => [e.key, e.count])).toEqual([['train', 2], ['test', 1], ['none', 1]]);
    expect(colorPoints(columns, 'predicted').legend.map((e) => [e.name, e.count])).toEqual([['cat', 2], ['dog', 1], ['No prediction', 1]]);
    expect(colorPoints(columns, 'correct').legend.map((e) => [e.key, e.count])).toEqual([['correct', 1], ['wrong', 1], ['none', 2]]);
    const suspicious = colorPoints(columns, 'suspicious');
    expect(suspicious.legend.map((e) => [e.key, e.count])).toEqual([['suspicious', 1], ['none', 3]]);
    // Unflagged points fade so the flagged ones stand out.
    expect(suspicious.rgba[1 * 4 + 3]).toBeGreaterThan(suspicious.rgba[0 * 4 + 3]!);
  });

  it('fades what is not selected', () => {
    const { rgba } = colorPoints(columns, 'label', Uint8Array.from([1, 0, 0, 0]));
    expect(rgba[3]).toBeGreaterThan(rgba[7]! * 3);
  });
});
