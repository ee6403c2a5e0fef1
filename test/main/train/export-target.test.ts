import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkExportFolder } from '../../../src/main/train/export-target';
import { tmpDir } from '../../helpers/make-images';

describe('export folder checks', () => {
  const root = tmpDir('vit-export-target-');
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('accepts a new folder, an empty one and an earlier export', () => {
    expect(checkExportFolder(path.join(root, 'new', 'deeper'))).toBe(path.join(root, 'new', 'deeper'));
    fs.mkdirSync(path.join(root, 'empty'));
    expect(checkExportFolder(path.join(root, 'empty'))).toBe(path.join(root, 'empty'));
    fs.mkdirSync(path.join(root, 'model'));
    fs.writeFileSync(path.join(root, 'model', 'config.json'), '{}');
    expect(checkExportFolder(path.join(root, 'model'))).toBe(path.join(root, 'model'));
  });

  it('refuses a file in the way and a folder of other things, saying what to do', () => {
    fs.writeFileSync(path.join(root, 'file'), 'x');
    expect(() => checkExportFolder(path.join(root, 'file', 'sub'))).toThrow(`${path.join(root, 'file')} is a file, not a folder: choose a folder to export to.`);
    expect(() => checkExportFolder(path.join(root, 'file'))).toThrow(/is a file, not a folder/);
    fs.mkdirSync(path.join(root, 'photos'));
    fs.writeFileSync(path.join(root, 'photos', 'cat.jpg'), 'x');
    expect(() => checkExportFolder(path.join(root, 'photos'))).toThrow(/is not empty and not a model folder: choose an empty folder/);
  });
});
