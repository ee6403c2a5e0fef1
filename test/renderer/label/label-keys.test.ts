import { describe, expect, it } from 'vitest';
import type { LabelInfo } from '../../../src/shared/types';
import { labelKeys, pickerMatches, pickerOpening } from '../../../src/renderer/features/label/label-keys';

const makeLabels = (names: string[]): LabelInfo[] => names.map((name, i) => ({ id: 100 + i, datasetId: 1, name, color: '#888888', count: i }));
const digits = makeLabels(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

describe('label keys', () => {
  it('labels named 0–9: each digit assigns the label of that name (bug: 7 gave "6", 0 unlabeled, 9 had no key)', () => {
    const keys = labelKeys(digits);
    expect(keys.mode).toBe('names');
    for (const l of digits) expect(keys.labelFor(l.name)?.name).toBe(l.name);
    expect(keys.unlabels('0')).toBe(false);
    expect(keys.keyOf(digits[9]!.id)).toBe('9');
  });

  it('single-letter names answer in either case unless both cases are labels', () => {
    const keys = labelKeys(makeLabels(['a', 'B', 'c', 'C']));
    expect(keys.labelFor('A')?.name).toBe('a');
    expect(keys.labelFor('b')?.name).toBe('B');
    expect(keys.labelFor('c')?.name).toBe('c');
    expect(keys.labelFor('C')?.name).toBe('C');
    expect(keys.keyOf(101)).toBe('B');
  });

  it('word names: 1–9 by list position, 0 unlabels, the rest only through the picker', () => {
    const pets = makeLabels(Array.from({ length: 37 }, (_, i) => `breed_${String.fromCharCode(97 + (i % 26))}${i}`));
    const keys = labelKeys(pets);
    expect(keys.mode).toBe('positions');
    expect(keys.labelFor('1')?.id).toBe(pets[0]!.id);
    expect(keys.labelFor('9')?.id).toBe(pets[8]!.id);
    expect(keys.keyOf(pets[9]!.id)).toBeNull();
    expect(keys.unlabels('0')).toBe(true);
    expect(keys.startsPicker('3')).toBe(false);
  });

  it('numbered names that are not all one character: digits never mean positions, they start the picker', () => {
    const numbered = makeLabels(Array.from({ length: 37 }, (_, i) => String(i + 1)));
    const keys = labelKeys(numbered);
    expect(keys.mode).toBe('picker');
    expect(keys.labelFor('7')).toBeUndefined();
    expect(keys.unlabels('0')).toBe(false);
    expect(keys.startsPicker('3')).toBe(true);
    expect(pickerMatches(numbered, '37')[0]?.name).toBe('37');
  });

  it('no labels: no keys', () => {
    const keys = labelKeys([]);
    expect(keys.labelFor('1')).toBeUndefined();
  });
});

describe('picker matches', () => {
  const pets = makeLabels(['Abyssinian', 'Bengal', 'Bombay', 'british_shorthair', 'Sphynx', 'Birman']);
  it('exact, then prefix, then substring, case-insensitive, each in list order', () => {
    expect(pickerMatches(pets, 'b').map((l) => l.name)).toEqual(['Bengal', 'Bombay', 'british_shorthair', 'Birman', 'Abyssinian']);
    expect(pickerMatches(pets, 'BOM').map((l) => l.name)).toEqual(['Bombay']);
    expect(pickerMatches(pets, 'sh').map((l) => l.name)).toEqual(['british_shorthair']);
    expect(pickerMatches(pets, 'zzz')).toEqual([]);
    expect(pickerMatches(pets, '  ')).toHaveLength(6);
  });
});

describe('pickerOpening', () => {
  it('/ always, L unless a label owns it, a digit typed in when labels are numbers', () => {
    const words = labelKeys(makeLabels(['cat', 'dog']));
    expect(pickerOpening('/', words)).toBe('');
    expect(pickerOpening('l', words)).toBe('');
    expect(pickerOpening('x', words)).toBeNull();
    expect(pickerOpening('l', labelKeys(makeLabels(['k', 'l'])))).toBeNull();
    expect(pickerOpening('3', labelKeys(makeLabels(Array.from({ length: 37 }, (_, i) => String(i + 1)))))).toBe('3');
  });
});
