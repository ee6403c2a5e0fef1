// Test helpers of the training domain: a learnable image set (6 classes: 3 shapes × 2 colours,
// drawn with sharp from SVG) and a freshly bundled worker entry for runs' worker processes.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { bundleEntry, REPO } from '../../helpers/bundle';
import { seededRandom } from '../../../src/shared/random';
import type { Engine } from '../../../src/main/engine/engine';
import type { RunDetail } from '../../../src/shared/api/runs';

export const SHAPE_CLASSES = ['red_circle', 'red_square', 'red_triangle', 'blue_circle', 'blue_square', 'blue_triangle'];

function svg(cls: string, size: number, rand: () => number): string {
  const [colour, shape] = cls.split('_') as [string, string];
  const jitter = () => Math.round((rand() - 0.5) * 40);
  const fill = colour === 'red' ? `rgb(${215 + jitter() / 2},${40 + jitter()},${40 + jitter()})` : `rgb(${40 + jitter()},${60 + jitter()},${215 + jitter() / 2})`;
  const bg = `rgb(${200 + jitter()},${200 + jitter()},${200 + jitter()})`;
  const r = size * (0.28 + rand() * 0.12);
  const cx = size / 2 + (rand() - 0.5) * size * 0.2;
  const cy = size / 2 + (rand() - 0.5) * size * 0.2;
  const body =
    shape === 'circle'
      ? `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}"/>`
      : shape === 'square'
        ? `<rect x="${cx - r}" y="${cy - r}" width="${2 * r}" height="${2 * r}" fill="${fill}"/>`
        : `<polygon points="${cx},${cy - r} ${cx - r},${cy + r} ${cx + r},${cy + r}" fill="${fill}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="${bg}"/>${body}</svg>`;
}

/** dir/<class>/<i>.png, `perClass` per class; returns the file count. */
export async function makeShapeDataset(dir: string, perClass: number, size = 32, seed = 1): Promise<number> {
  const rand = seededRandom(seed);
  for (const cls of SHAPE_CLASSES) {
    fs.mkdirSync(path.join(dir, cls), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      await sharp(Buffer.from(svg(cls, size, rand))).png().toFile(path.join(dir, cls, `${i}.png`));
    }
  }
  return perClass * SHAPE_CLASSES.length;
}

let bundled: Promise<string> | null = null;

/** Bundles the worker entry (as `npm run build` would) and points runs at it. */
export function useFreshWorkerBundle(): Promise<string> {
  bundled ??= (async () => {
    const outfile = await bundleEntry('src/main/tasks/worker-entry.ts', path.join(REPO, 'node_modules/.cache/vit-studio-train-test/worker-entry.js'));
    process.env.VIT_STUDIO_WORKER_ENTRY = outfile;
    return outfile;
  })();
  return bundled;
}

export async function waitForRun(engine: Engine, runId: number, timeoutMs = 300_000): Promise<RunDetail> {
  const t0 = Date.now();
  for (;;) {
    const run = await engine.invoke('runs.get', { runId });
    if (run.status !== 'running' && run.status !== 'queued') return run;
    if (Date.now() - t0 > timeoutMs) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
