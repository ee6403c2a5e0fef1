import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkExportFolder, markExportFolder } from '../../../src/main/runs/export-target';
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
    markExportFolder(path.join(root, 'model'), 3, 'hf');
    expect(checkExportFolder(path.join(root, 'model'))).toBe(path.join(root, 'model'));
  });

  it('overwrites a folder ViT Studio did not write only when told to', () => {
    // Any project folder has a config.json: that alone does not make it ours to overwrite.
    const project = path.join(root, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'config.json'), '{"mine": true}');
    fs.writeFileSync(path.join(project, 'notes.md'), 'x');
    expect(() => checkExportFolder(project)).toThrow(
      `${project} holds files ViT Studio did not write (config.json, notes.md): choose an empty folder, or overwrite them (--force in the CLI).`,
    );
    expect(checkExportFolder(project, { overwrite: true })).toBe(project);
    // A marker that is not ours (a folder, garbage) does not count.
    fs.mkdirSync(path.join(project, '.vit-studio-export'));
    expect(() => checkExportFolder(project)).toThrow(/did not write/);
  });

  it('refuses a file in the way and a folder of other things, saying what to do', () => {
    fs.writeFileSync(path.join(root, 'file'), 'x');
    expect(() => checkExportFolder(path.join(root, 'file', 'sub'))).toThrow(`${path.join(root, 'file')} is a file, not a folder: choose a folder to export to.`);
    expect(() => checkExportFolder(path.join(root, 'file'))).toThrow(/is a file, not a folder/);
    fs.mkdirSync(path.join(root, 'photos'));
    fs.writeFileSync(path.join(root, 'photos', 'cat.jpg'), 'x');
    expect(() => checkExportFolder(path.join(root, 'photos'))).toThrow(/holds files ViT Studio did not write \(cat\.jpg\): choose an empty folder/);
  });
});
