import fs from 'node:fs';
import path from 'node:path';
import { ApiFailure } from '../../shared/result';

// An export writes config.json, model.safetensors / model.onnx… into a folder the user names. A
// folder this app exported to before is overwritten freely; it is recognised by a marker file
// written after each export, not by a config.json (every model or project folder has one).

/** The marker of a folder ViT Studio exported to. */
export const EXPORT_MARKER = '.vit-studio-export';

/** Records that `folder` holds an export of run `runId`, so exporting there again needs no asking. */
export function markExportFolder(folder: string, runId: number, format: string): void {
  const marker = { app: 'vit-studio', run: runId, format, exportedAt: new Date().toISOString() };
  fs.writeFileSync(path.join(folder, EXPORT_MARKER), `${JSON.stringify(marker)}\n`);
}

function writtenByUs(folder: string): boolean {
  try {
    const marker = path.join(folder, EXPORT_MARKER);
    if (!fs.lstatSync(marker).isFile()) return false;
    return (JSON.parse(fs.readFileSync(marker, 'utf8')) as { app?: unknown }).app === 'vit-studio';
  } catch {
    return false;
  }
}

/**
 * The folder a run is exported to, checked before anything is written: an existing file in the
 * way, a folder holding files this app did not write (unless `overwrite`, the UI's confirmation or
 * the CLI's --force), or one that cannot be written to each get a sentence that says what to do
 * (not an ENOTDIR from halfway through the export).
 */
export function checkExportFolder(folder: string, options: { overwrite?: boolean } = {}): string {
  const target = path.resolve(folder);
  let existing = target;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  if (!fs.statSync(existing).isDirectory()) {
    throw new ApiFailure('invalid_argument', `${existing} is a file, not a folder: choose a folder to export to.`);
  }
  const entries = existing === target ? fs.readdirSync(target).filter((f) => f !== EXPORT_MARKER) : [];
  if (entries.length && !options.overwrite && !writtenByUs(target)) {
    const shown = entries.sort().slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    throw new ApiFailure(
      'conflict',
      `${target} holds files ViT Studio did not write (${shown}): choose an empty folder, or overwrite them (--force in the CLI).`,
    );
  }
  try {
    fs.accessSync(existing, fs.constants.W_OK);
  } catch {
    throw new ApiFailure('invalid_argument', `${existing} cannot be written to: choose a folder you can write to.`);
  }
  return target;
}
