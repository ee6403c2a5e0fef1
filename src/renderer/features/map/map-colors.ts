import type { MapResult } from '../../../shared/api/data';

export type ColorMode = 'label' | 'split' | 'predicted' | 'correct' | 'suspicious';

export const COLOR_MODES: { value: ColorMode; text: string; needsPredictions: boolean }[] = [
  { value: 'label', text: 'Label', needsPredictions: false },
  { value: 'split', text: 'Split', needsPredictions: false },
  { value: 'predicted', text: 'Predicted label', needsPredictions: true },
  { value: 'correct', text: 'Correct / wrong', needsPredictions: true },
  { value: 'suspicious', text: 'Suspicious labels', needsPredictions: true },
];

export type MapColumns = Pick<MapResult, 'labelIds' | 'splits' | 'predictedLabelIds' | 'correct' | 'suspicious' | 'labels'>;

export interface LegendEntry {
  key: string;
  name: string;
  color: string;
  count: number;
}

const NONE = '#9a9aa6';
const SPLIT_COLORS = { train: '#5b4ff5', val: '#f0a020', test: '#13a3a3' } as const;
const GOOD = '#1f9d55';
const BAD = '#d93d3d';

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1, 7), 16);
  return Number.isFinite(n) ? [(n >> 16) & 255, (n >> 8) & 255, n & 255] : [154, 154, 166];
}

/**
 * Every point's category in a mode, as a number: 0 for "no value" (drawn grey), k for the k-th
 * legend entry. Numbers, not string keys: 100,000 points are categorised in a few milliseconds.
 */
function categorize(columns: MapColumns, mode: ColorMode): { codeOf(i: number): number; entries: Omit<LegendEntry, 'count'>[]; noneName: string } {
  const labelEntries = columns.labels.map((l) => ({ key: String(l.id), name: l.name, color: l.color }));
  const labelCode = new Map(columns.labels.map((l, k) => [l.id, k + 1]));
  switch (mode) {
    case 'label':
    case 'predicted': {
      const ids = mode === 'label' ? columns.labelIds : columns.predictedLabelIds;
      return {
        codeOf: (i) => (ids[i] == null ? 0 : (labelCode.get(ids[i]!) ?? 0)),
        entries: labelEntries,
        noneName: mode === 'label' ? 'Unlabeled' : 'No prediction',
      };
    }
    case 'split': {
      const splitCode = { train: 1, val: 2, test: 3 } as const;
      return {
        codeOf: (i) => (columns.splits[i] == null ? 0 : splitCode[columns.splits[i]!]),
        entries: (['train', 'val', 'test'] as const).map((s) => ({ key: s, name: s[0]!.toUpperCase() + s.slice(1), color: SPLIT_COLORS[s] })),
        noneName: 'No split',
      };
    }
    case 'correct':
      return {
        codeOf: (i) => (columns.correct[i] == null ? 0 : columns.correct[i] ? 1 : 2),
        entries: [
          { key: 'correct', name: 'Prediction = label', color: GOOD },
          { key: 'wrong', name: 'Prediction ≠ label', color: BAD },
        ],
        noneName: 'Unlabeled or no prediction',
      };
    case 'suspicious':
      return {
        codeOf: (i) => (columns.suspicious[i] ? 1 : 0),
        entries: [{ key: 'suspicious', name: 'Suspicious label', color: BAD }],
        noneName: 'Not flagged',
      };
  }
}

/**
 * RGBA bytes for every point in a colour mode, and the legend with counts. With a selection,
 * the other points fade so the selection stands out; in 'suspicious' mode unflagged points fade.
 */
export function colorPoints(columns: MapColumns, mode: ColorMode, selected: Uint8Array | null = null): { rgba: Uint8Array; legend: LegendEntry[] } {
  const n = columns.labelIds.length;
  const { codeOf, entries, noneName } = categorize(columns, mode);
  const baseAlpha = n > 50_000 ? 190 : 225;
  // Points without a value (unlabeled, no prediction) recede: grey alone is too close to some label colours.
  const noneAlpha = mode === 'suspicious' ? 70 : Math.round(baseAlpha * 0.5);
  // One RGBA word per category (code 0 = none), written as a whole per point.
  const palette = new Uint8Array(4 * (entries.length + 1));
  [NONE, ...entries.map((e) => e.color)].forEach((color, code) => {
    palette.set([...rgb(color), code === 0 ? noneAlpha : baseAlpha], code * 4);
  });
  const words = new Uint32Array(palette.buffer);
  const faded = new Uint32Array(palette.length / 4);
  words.forEach((_, code) => {
    const c = palette.slice(code * 4, code * 4 + 4);
    c[3] = Math.round(c[3]! * 0.22);
    faded[code] = new Uint32Array(c.buffer)[0]!;
  });
  const counts = new Uint32Array(entries.length + 1);
  const rgba = new Uint8Array(n * 4);
  const out = new Uint32Array(rgba.buffer);
  for (let i = 0; i < n; i++) {
    const code = codeOf(i);
    counts[code]!++;
    out[i] = selected && !selected[i] ? faded[code]! : words[code]!;
  }
  const legend: LegendEntry[] = entries.map((e, k) => ({ ...e, count: counts[k + 1]! })).filter((e) => e.count > 0);
  if (counts[0]! > 0) legend.push({ key: 'none', name: noneName, color: NONE, count: counts[0]! });
  return { rgba, legend };
}
