import { describe, expect, it } from 'vitest';
import { progressUnit, runPhases } from '../../../src/renderer/features/train/progress-phases';

describe('run phases (issue 14, item 9)', () => {
  it('a ViT from scratch has no download or extraction step (the chips showed them)', () => {
    expect(runPhases(true).map((p) => p.title)).toEqual(['Train model', 'Evaluate']);
    expect(runPhases(false).map((p) => p.kind)).toEqual(['download', 'extract', 'train', 'evaluate']);
  });

  it('training counts batches from scratch, epochs for a head', () => {
    expect(progressUnit('train', true)).toBe('batches');
    expect(progressUnit('train', false)).toBe('epochs');
    expect(progressUnit('extract', false)).toBe('images');
  });
});
