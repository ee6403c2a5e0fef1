import type { LabelInfo } from '../../../shared/types';

// Which key assigns which label. Keys must never surprise: with labels "0"–"9" the key 7 gives
// the label "7" (never the 7th in the list), and a number key never means a position when some
// label is itself a number.
//  - 'names': every label name is one character: that character is its key (0–9, a–z, …).
//  - 'positions': no label name is a number: 1–9 assign the first nine labels in list order,
//    0 removes the label; the type-ahead picker reaches every label.
//  - 'picker': some names are numbers but not all are one character ("1"…"37"): a digit opens
//    the picker with that digit typed, so "3", "7", Enter gives label "37".

export type LabelKeyMode = 'names' | 'positions' | 'picker';

export interface LabelKeys {
  mode: LabelKeyMode;
  /** The key shown beside a label, or null when it has none. */
  keyOf(labelId: number): string | null;
  /** The label a plain key press assigns, or undefined. */
  labelFor(key: string): LabelInfo | undefined;
  /** Whether a plain key removes the label ("0" in positions mode). */
  unlabels(key: string): boolean;
  /** Whether a plain key opens the picker with itself typed (digits in picker mode). */
  startsPicker(key: string): boolean;
}

const isNumber = (name: string) => /^\d+$/.test(name);
const chars = (name: string) => [...name].length;

export function labelKeys(labels: readonly LabelInfo[]): LabelKeys {
  const mode: LabelKeyMode =
    labels.length > 0 && labels.every((l) => chars(l.name) === 1) ? 'names' : labels.some((l) => isNumber(l.name)) ? 'picker' : 'positions';
  const byKey = new Map<string, LabelInfo>();
  if (mode === 'names') {
    for (const l of labels) byKey.set(l.name, l);
    // Letters also answer in the other case when that is unambiguous ("a" for a label "A").
    for (const l of labels) {
      for (const other of [l.name.toLowerCase(), l.name.toUpperCase()]) if (!byKey.has(other)) byKey.set(other, l);
    }
  } else if (mode === 'positions') {
    labels.slice(0, 9).forEach((l, i) => byKey.set(String(i + 1), l));
  }
  const keyOfId = new Map<number, string>();
  for (const [key, l] of byKey) if (!keyOfId.has(l.id) && (mode !== 'names' || key === l.name)) keyOfId.set(l.id, key);
  return {
    mode,
    keyOf: (id) => keyOfId.get(id) ?? null,
    labelFor: (key) => byKey.get(key),
    unlabels: (key) => mode === 'positions' && key === '0',
    startsPicker: (key) => mode === 'picker' && /^\d$/.test(key),
  };
}

/**
 * Whether a plain key opens the type-ahead picker: "/" always, L when no label owns that key, and
 * in picker mode a digit (typed into it). Answers the text the picker starts with, or null.
 */
export function pickerOpening(key: string, keys: LabelKeys): string | null {
  if (keys.startsPicker(key)) return key;
  if (key === '/' || ((key === 'l' || key === 'L') && !keys.labelFor(key))) return '';
  return null;
}

/**
 * Labels matching what was typed in the picker, best first: exact name, then names starting with
 * the text, then names containing it (case-insensitive), each group in list order.
 */
export function pickerMatches(labels: readonly LabelInfo[], typed: string): LabelInfo[] {
  const q = typed.trim().toLowerCase();
  if (!q) return [...labels];
  const rank = (l: LabelInfo) => {
    const n = l.name.toLowerCase();
    return n === q ? 0 : n.startsWith(q) ? 1 : n.includes(q) ? 2 : 3;
  };
  return labels
    .map((l, i) => ({ l, i, r: rank(l) }))
    .filter((x) => x.r < 3)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.l);
}
