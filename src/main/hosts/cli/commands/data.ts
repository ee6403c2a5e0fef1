import fs from 'node:fs';
import path from 'node:path';
import type { AnalysisReply, GoneSince, LabelIssue } from '../../../../shared/api/data';
import type { Engine } from '../../../engine/engine';
import { CliUsageError, nextEvent, openEngine, parseCommandArgs, parseId, pickDataset, printJson, type CliCommand } from '../command';
import { progressPrinter } from './import';

// The data-loop commands: label-issues, suggest, map, similar, near-duplicates. Each asks the
// engine for its analysis (features are extracted first, with progress on stderr), waits until it
// is ready, and prints it; Ctrl+C cancels the analysis.

const DATA_OPTIONS = { dataset: { type: 'string' }, model: { type: 'string' } } as const;
const PAGE = 100_000;

/** Asks until the analysis is ready (woken by analysis-changed events, with a poll as safety net). */
async function ready<T>(engine: Engine, datasetId: number, json: boolean, ask: () => Promise<AnalysisReply<T>>): Promise<T> {
  const print = json ? null : progressPrinter();
  const off = engine.on((e) => e.type === 'progress' && e.progress.kind === 'analyze' && e.progress.datasetId === datasetId && print?.(e.progress));
  const onSignal = () => void engine.invoke('data.cancel', { datasetId });
  process.once('SIGINT', onSignal);
  try {
    for (;;) {
      const r = await ask();
      if (r.status === 'ready' && r.result) return r.result;
      if (r.status === 'failed' || r.status === 'cancelled') throw new Error(r.error?.message ?? `the ${r.analysis} analysis ${r.status}`);
      await nextEvent(engine, (e) => e.type === 'analysis-changed' && e.datasetId === datasetId);
    }
  } finally {
    off();
    process.removeListener('SIGINT', onSignal);
    if (print && process.stderr.isTTY) process.stderr.write('\n');
  }
}

/** Opens the engine, picks the dataset, runs `body`, closes. */
function dataCommand(
  spec: Omit<CliCommand, 'run'>,
  options: Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>,
  body: (ctx: { engine: Engine; datasetId: number; model: string | undefined; json: boolean; values: Record<string, unknown>; positionals: string[] }) => Promise<void>,
  positionals = false,
): CliCommand {
  return {
    ...spec,
    async run(argv) {
      const { values, positionals: pos } = parseCommandArgs(argv, { ...DATA_OPTIONS, ...options }, positionals);
      const engine = openEngine(values.workspace as string | undefined);
      try {
        const datasetId = await pickDataset(engine, values.dataset as string | undefined);
        await body({ engine, datasetId, model: values.model as string | undefined, json: values.json as boolean, values, positionals: pos });
        return 0;
      } finally {
        engine.close();
      }
    },
  };
}

/** Every item of a paged answer: the first page, then the rest asked for by offset. */
async function allPages<T>(first: T[], total: number, page: (offset: number) => Promise<T[]>): Promise<T[]> {
  const all = [...first];
  while (all.length < total) {
    const more = await page(all.length);
    if (!more.length) break; // changed meanwhile
    all.push(...more);
  }
  return all;
}

/**
 * The analysis's notes (edge cases met) and the images gone since it was computed, on stderr:
 * said in --json mode too, never a silent empty list.
 */
const notes = (r: { notes: string[]; goneSince: GoneSince | null }) => {
  for (const n of [...r.notes, ...(r.goneSince ? [r.goneSince.sentence] : [])]) process.stderr.write(`${n}\n`);
};

export const labelIssuesCommand = dataCommand(
  {
    name: 'label-issues',
    usage: 'label-issues [--dataset ID] [--model ID|DIR] [--json]',
    summary: 'List labels that look wrong (5-fold out-of-fold probabilities + confident learning), most suspicious first.',
  },
  {},
  async ({ engine, datasetId, model, json }) => {
    const first = await ready(engine, datasetId, json, () => engine.invoke('data.labelIssues', { datasetId, model, limit: PAGE, checkFiles: true }));
    const issues = await allPages(first.issues, first.total, async (offset) => (await engine.invoke('data.labelIssues', { datasetId, model, offset, limit: PAGE })).result?.issues ?? []);
    // Flagged images whose label a person kept in the Review queue: reported apart, not as issues.
    const keptFirst = first.kept ? (await engine.invoke('data.labelIssues', { datasetId, model, kept: true, limit: PAGE })).result : null;
    const kept = keptFirst ? await allPages(keptFirst.issues, keptFirst.total, async (offset) => (await engine.invoke('data.labelIssues', { datasetId, model, kept: true, offset, limit: PAGE })).result?.issues ?? []) : [];
    const row = (i: LabelIssue) => ({ image: i.path, label: i.givenLabel, suggested: i.suggestedLabel, confidence: i.confidence });
    notes(first);
    if (json) {
      printJson({ checked: first.checked, issues: issues.map(row), kept: kept.map(row) });
      return;
    }
    process.stdout.write(`${first.total} suspicious label(s) among ${first.checked} checked (${first.folds}-fold out-of-fold accuracy ${(first.outOfFoldAccuracy * 100).toFixed(1)}%):\n`);
    for (const i of issues) process.stdout.write(`  ${i.relPath}: labelled "${i.givenLabel}" (${(i.confidence * 100).toFixed(1)}%), looks like "${i.suggestedLabel}" (${(i.suggestedConfidence * 100).toFixed(1)}%)\n`);
    if (kept.length) {
      process.stdout.write(`${kept.length} more flagged, with the label kept in the Review queue (left out above):\n`);
      for (const i of kept) process.stdout.write(`  ${i.relPath}: kept "${i.givenLabel}" (looks like "${i.suggestedLabel}")\n`);
    }
  },
);

export const suggestCommand = dataCommand(
  {
    name: 'suggest',
    usage: 'suggest [--dataset ID] [--model ID|DIR] [--json]',
    summary: "The model's label for every unlabelled image, in the order to review them (least confident first, look-alikes spread apart).",
  },
  {},
  async ({ engine, datasetId, model, json }) => {
    const first = await ready(engine, datasetId, json, () => engine.invoke('data.suggestions', { datasetId, model, limit: PAGE, checkFiles: true }));
    const all = await allPages(first.suggestions, first.total, async (offset) => (await engine.invoke('data.suggestions', { datasetId, model, offset, limit: PAGE })).result?.suggestions ?? []);
    notes(first);
    if (json) {
      printJson({ suggestions: all.map((s) => ({ image: s.path, label: s.suggestedLabel, score: s.score })) });
      return;
    }
    process.stdout.write(`${first.total} unlabelled image(s), in review order:\n`);
    for (const s of all) process.stdout.write(`  ${s.relPath}: ${s.suggestedLabel} (${(s.score * 100).toFixed(1)}%)\n`);
  },
);

export const mapCommand = dataCommand(
  { name: 'map', usage: 'map [--dataset ID] [--model ID|DIR] [--json]', summary: "Every image's place on a 2-D map of the features (UMAP), x and y in [-1, 1]." },
  {},
  async ({ engine, datasetId, model, json }) => {
    const m = await ready(engine, datasetId, json, () => engine.invoke('data.map', { datasetId, model, checkFiles: true }));
    const paths = new Map<number, string>();
    const root = (await engine.invoke('datasets.get', { datasetId })).root;
    for (let offset = 0; ; offset += 5000) {
      const page = await engine.invoke('images.query', { datasetId, offset, limit: 5000, sort: 'id' });
      for (const img of page.items) paths.set(img.id, path.join(root, img.relPath));
      if (offset + 5000 >= page.total) break;
    }
    const points = m.imageIds.map((id, i) => ({ image: paths.get(id)!, x: m.x[i]!, y: m.y[i]! }));
    notes(m);
    if (json) printJson({ points });
    else {
      process.stdout.write(`${m.count} points (${m.method}):\n`);
      for (const p of points) process.stdout.write(`  ${p.x.toFixed(4)} ${p.y.toFixed(4)} ${p.image}\n`);
    }
  },
);

/** An image given as a path (absolute, relative to here or to the dataset) or an id. */
async function findImage(engine: Engine, datasetId: number, given: string): Promise<number> {
  const root = (await engine.invoke('datasets.get', { datasetId })).root;
  const candidates = [path.resolve(given), path.resolve(root, given)];
  for (const abs of candidates) {
    if (!fs.existsSync(abs)) continue;
    const rel = path.relative(root, abs).split(path.sep).join('/');
    const hit = (await engine.invoke('images.query', { datasetId, search: rel, limit: 50 })).items.find((i) => i.relPath === rel);
    if (hit) return hit.id;
  }
  if (/^[1-9][0-9]*$/.test(given) && !fs.existsSync(given)) return parseId(given, 'image');
  for (const abs of candidates) {
    const rel = path.relative(root, abs).split(path.sep).join('/');
    // Not on disk, but an image of the dataset: deleted or moved since import.
    if ((await engine.invoke('images.query', { datasetId, search: rel, limit: 50 })).items.some((i) => i.relPath === rel)) {
      throw new CliUsageError(`"${given}" was deleted or moved since import: rescan the dataset (vit-studio import ${root}) or give another image`);
    }
  }
  throw new CliUsageError(`"${given}" is not an image of dataset ${datasetId} (give its path or id)`);
}

export const similarCommand = dataCommand(
  { name: 'similar', usage: 'similar <image> [--k 10] [--dataset ID] [--model ID|DIR] [--json]', summary: 'The k images most similar to one image (cosine similarity of the features).' },
  { k: { type: 'string', default: '10' } },
  async ({ engine, datasetId, model, json, values, positionals }) => {
    if (positionals.length !== 1) throw new CliUsageError('expected exactly one image (a path or an image id)');
    const k = parseId(values.k as string, '--k');
    if (k > 1000) throw new CliUsageError(`--k must be at most 1000 (got ${k})`);
    const imageId = await findImage(engine, datasetId, positionals[0]!);
    const s = await ready(engine, datasetId, json, () => engine.invoke('data.similar', { datasetId, model, imageId, k, checkFiles: true }));
    if (json) printJson({ image: s.image.path, neighbors: s.neighbors.map((n) => ({ image: n.path, label: n.label, similarity: n.similarity })) });
    else for (const n of s.neighbors) process.stdout.write(`  ${n.similarity.toFixed(4)} ${n.relPath}${n.label ? ` (${n.label})` : ''}\n`);
  },
  true,
);

export const nearDuplicatesCommand = dataCommand(
  { name: 'near-duplicates', usage: 'near-duplicates [--threshold 0.95] [--dataset ID] [--model ID|DIR] [--json]', summary: 'Groups of images at least this similar; groups spanning train and val/test are flagged as leakage.' },
  { threshold: { type: 'string', default: '0.95' } },
  async ({ engine, datasetId, model, json, values }) => {
    const threshold = Number(values.threshold);
    if (!Number.isFinite(threshold) || threshold < 0.5 || threshold > 1) throw new CliUsageError(`--threshold must be a number from 0.5 to 1 (got "${String(values.threshold)}")`);
    const first = await ready(engine, datasetId, json, () => engine.invoke('data.nearDuplicates', { datasetId, model, threshold, limit: PAGE, checkFiles: true }));
    const groups = await allPages(first.groups, first.total, async (offset) => (await engine.invoke('data.nearDuplicates', { datasetId, model, threshold, offset, limit: PAGE })).result?.groups ?? []);
    notes(first);
    if (json) {
      printJson({ threshold, groups: groups.map((g) => ({ images: g.images.map((i) => i.path), similarity: g.maxSimilarity, leakage: g.leakage, splits: g.splits })) });
      return;
    }
    process.stdout.write(`${first.total} group(s), ${first.imagesInGroups} images, ${first.leakageGroups} across splits:\n`);
    for (const g of groups) process.stdout.write(`  ${g.maxSimilarity.toFixed(4)}${g.leakage ? ' LEAKAGE' : ''} ${g.images.map((i) => `${i.relPath}${i.split ? ` [${i.split}]` : ''}`).join(', ')}\n`);
  },
);

export const dataCommands = [labelIssuesCommand, suggestCommand, mapCommand, similarCommand, nearDuplicatesCommand];
