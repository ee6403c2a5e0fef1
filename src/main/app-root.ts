import fs from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/**
 * The folder holding package.json and dist/. Bundles live in dist/, tests run from src/, and a
 * packaged app runs from an asar: walking up from this file finds the root in every case.
 */
export function appRoot(): string {
  if (cached) return cached;
  if (process.env.VIT_STUDIO_ROOT) return (cached = process.env.VIT_STUDIO_ROOT);
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'vit-studio') return (cached = dir);
      } catch {
        // not ours: keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return (cached = process.cwd());
    dir = parent;
  }
}

/** A built file under dist/, e.g. distPath('main/workers/worker-entry.js'). */
export function distPath(relative: string): string {
  return path.join(appRoot(), 'dist', relative);
}
