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

describe('map colours, exact bytes', () => {
  it('writes each category colour with its alpha; no value is half as opaque; a selection fades the rest to 22 %', () => {
    const { rgba } = colorPoints(columns, 'label', Uint8Array.from([1, 1, 0, 0]));
    expect([...rgba.slice(0, 4)]).toEqual([255, 0, 0, 225]);
    expect([...rgba.slice(4, 8)]).toEqual([0, 0, 255, 225]);
    // Unlabeled and not selected: grey at half the alpha, then faded.
    expect([...rgba.slice(8, 12)]).toEqual([154, 154, 166, Math.round(Math.round(225 * 0.5) * 0.22)]);
    expect([...rgba.slice(12, 16)]).toEqual([255, 0, 0, Math.round(225 * 0.22)]);
  });

  it('a crowd of points is drawn more transparent', () => {
    const n = 60_000;
    const many: MapColumns = { ...columns, labelIds: Array(n).fill(1), splits: Array(n).fill('train'), predictedLabelIds: Array(n).fill(2), correct: Array(n).fill(false), suspicious: Array(n).fill(true) };
    const { rgba, legend } = colorPoints(many, 'correct');
    expect([...rgba.slice(4 * (n - 1))]).toEqual([0xd9, 0x3d, 0x3d, 190]);
    expect(legend).toEqual([{ key: 'wrong', name: 'Prediction ≠ label', color: '#d93d3d', count: n }]);
  });

  it('a label id missing from the label list is drawn and counted as no value', () => {
    const { rgba, legend } = colorPoints({ ...columns, labelIds: [1, 99, null, 1] }, 'label');
    expect([...rgba.slice(4, 8)]).toEqual([...rgba.slice(8, 12)]);
    expect(legend.map((e) => [e.key, e.count])).toEqual([['1', 2], ['none', 2]]);
  });
});
