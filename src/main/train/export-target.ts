import fs from 'node:fs';
import path from 'node:path';
import { ApiFailure } from '../../shared/result';

/**
 * The folder a run is exported to, checked before anything is written: an existing file in the
 * way, a folder that holds something other than a model, or one that cannot be written to each
 * get a sentence that says what to do (not an ENOTDIR from halfway through the export).
 */
export function checkExportFolder(folder: string): string {
  const target = path.resolve(folder);
  let existing = target;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  if (!fs.statSync(existing).isDirectory()) {
    throw new ApiFailure('invalid_argument', `${existing} is a file, not a folder: choose a folder to export to.`);
  }
  if (existing === target && fs.readdirSync(target).length && !fs.existsSync(path.join(target, 'config.json'))) {
    throw new ApiFailure('conflict', `${target} is not empty and not a model folder: choose an empty folder.`);
  }
  try {
    fs.accessSync(existing, fs.constants.W_OK);
  } catch {
    throw new ApiFailure('invalid_argument', `${existing} cannot be written to: choose a folder you can write to.`);
  }
  return target;
}
