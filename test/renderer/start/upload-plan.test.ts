import { describe, expect, it } from 'vitest';
import { LOOSE_FOLDER, newBatchId, planUpload } from '../../../src/renderer/features/start/upload-plan';

const f = (relPath: string) => ({ relPath, file: new Blob(['x']) });

describe('planUpload', () => {
  it('a folder keeps its name: it is imported as that folder', () => {
    const plan = planUpload([f('photos/cat/a.jpg'), f('photos/dog/b.jpg'), f('photos/.DS_Store')]);
    expect(plan.top).toBe('photos');
    expect(plan.files.map((x) => x.relPath)).toEqual(['photos/cat/a.jpg', 'photos/dog/b.jpg', 'photos/.DS_Store']);
  });

  it('loose files, or several folders, go under one folder together', () => {
    expect(planUpload([f('a.jpg'), f('b.jpg')]).files.map((x) => x.relPath)).toEqual([`${LOOSE_FOLDER}/a.jpg`, `${LOOSE_FOLDER}/b.jpg`]);
    const mixed = planUpload([f('cats/a.jpg'), f('dogs/b.jpg')]);
    expect(mixed.top).toBe(LOOSE_FOLDER);
    expect(mixed.files.map((x) => x.relPath)).toEqual([`${LOOSE_FOLDER}/cats/a.jpg`, `${LOOSE_FOLDER}/dogs/b.jpg`]);
  });

  it('batch ids fit the server rule', () => {
    expect(newBatchId()).toMatch(/^[A-Za-z0-9-]{8,64}$/);
    expect(newBatchId()).not.toBe(newBatchId());
  });
});
