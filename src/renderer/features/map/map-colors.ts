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

/** Every point's category in a mode: a legend key, or null for "no value" (drawn grey). */
function categorize(columns: MapColumns, mode: ColorMode): { keyOf(i: number): string | null; entries: Omit<LegendEntry, 'count'>[]; noneName: string } {
  const labelEntries = columns.labels.map((l) => ({ key: String(l.id), name: l.name, color: l.color }));
  switch (mode) {
    case 'label':
      return { keyOf: (i) => (columns.labelIds[i] == null ? null : String(columns.labelIds[i])), entries: labelEntries, noneName: 'Unlabeled' };
    case 'predicted':
      return { keyOf: (i) => (columns.predictedLabelIds[i] == null ? null : String(columns.predictedLabelIds[i])), entries: labelEntries, noneName: 'No prediction' };
    case 'split':
      return {
        keyOf: (i) => columns.splits[i] ?? null,
        entries: (['train', 'val', 'test'] as const).map((s) => ({ key: s, name: s[0]!.toUpperCase() + s.slice(1), color: SPLIT_COLORS[s] })),
        noneName: 'No split',
      };
    case 'correct':
      return {
        keyOf: (i) => (columns.correct[i] == null ? null : columns.correct[i] ? 'correct' : 'wrong'),
        entries: [
          { key: 'correct', name: 'Prediction = label', color: GOOD },
          { key: 'wrong', name: 'Prediction ≠ label', color: BAD },
        ],
        noneName: 'Unlabeled or no prediction',
      };
    case 'suspicious':
      return {
        keyOf: (i) => (columns.suspicious[i] ? 'suspicious' : null),
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
  const { keyOf, entries, noneName } = categorize(columns, mode);
  const colorOf = new Map(entries.map((e) => [e.key, rgb(e.color)]));
  const counts = new Map<string | null, number>();
  const none = rgb(NONE);
  const baseAlpha = n > 50_000 ? 190 : 225;
  // Points without a value (unlabeled, no prediction) recede: grey alone is too close to some label colours.
  const noneAlpha = mode === 'suspicious' ? 70 : Math.round(baseAlpha * 0.5);
  const rgba = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const key = keyOf(i);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const c = (key !== null && colorOf.get(key)) || none;
    rgba[i * 4] = c[0];
    rgba[i * 4 + 1] = c[1];
    rgba[i * 4 + 2] = c[2];
    let alpha = key === null ? noneAlpha : baseAlpha;
    if (selected && !selected[i]) alpha = Math.round(alpha * 0.22);
    rgba[i * 4 + 3] = alpha;
  }
  const legend: LegendEntry[] = entries.map((e) => ({ ...e, count: counts.get(e.key) ?? 0 })).filter((e) => e.count > 0);
  const noneCount = counts.get(null) ?? 0;
  if (noneCount > 0) legend.push({ key: 'none', name: noneName, color: NONE, count: noneCount });
  return { rgba, legend };
}
