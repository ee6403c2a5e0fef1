// The images an analysis works on, as they cross to its worker process: a few long strings (and,
// for 'kfold', an Int32Array) instead of an object per image. The engine serializes a message in
// one event-loop task: 100,000 objects of two strings took ~80 ms of its CPU there (rule 5: its
// event loop never freezes); strings are copied whole. They are built in chunks, so that the
// engine can build them between other requests too (packItemsInSteps). Paths are joined with NUL,
// which no file path contains; hashes are hex, joined with '\n'. A training run's images cross the
// same way, with their ids and splits as typed arrays (PackedRunItems).
import { z } from 'zod';
import { SPLITS, type Split } from '../types';

export interface PackedItems {
  count: number;
  /** Content hashes, '\n' between them, in chunks of whole items (none empty). */
  hashes: string[];
  /** Absolute paths, '\0' between them, in the same chunks. */
  paths: string[];
  /** Label index of each item, -1 when unlabelled (the 'kfold' analysis). */
  labels?: Int32Array;
}

export interface UnpackedItem {
  hash: string;
  path: string;
  /** -1 when unlabelled or when the items carry no labels. */
  label: number;
}

/** Items per chunk: a millisecond or two of joining (and of path.join for the engine). */
export const PACK_CHUNK = 1024;

/**
 * Packs `count` items (item i's hash and path from `hashOf(i)`, `pathOf(i)`) a chunk per step, so
 * that the caller may yield between steps; the packed items at the end.
 */
export function* packItemsInSteps(count: number, hashOf: (i: number) => string, pathOf: (i: number) => string, labels?: Int32Array): Generator<void, PackedItems> {
  const packed: PackedItems = { count, hashes: [], paths: [], ...(labels ? { labels } : {}) };
  for (let start = 0; start < count; start += PACK_CHUNK) {
    const size = Math.min(PACK_CHUNK, count - start);
    packed.hashes.push(Array.from({ length: size }, (_, k) => hashOf(start + k)).join('\n'));
    packed.paths.push(Array.from({ length: size }, (_, k) => pathOf(start + k)).join('\0'));
    yield;
  }
  return packed;
}

export function packItems(items: readonly { hash: string; path: string }[], labels?: Int32Array): PackedItems {
  const steps = packItemsInSteps(items.length, (i) => items[i]!.hash, (i) => items[i]!.path, labels);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** What is wrong with packed items (columns of other lengths, an empty hash or path, a label below -1), or null. */
export function packedItemsProblem(p: PackedItems): string | null {
  if (p.hashes.length !== p.paths.length) return `${p.hashes.length} chunks of hashes for ${p.paths.length} of paths`;
  let count = 0;
  for (let c = 0; c < p.hashes.length; c++) {
    const hashes = p.hashes[c]!.split('\n');
    const paths = p.paths[c]!.split('\0');
    if (hashes.length !== paths.length) return `chunk ${c}: ${hashes.length} hashes for ${paths.length} paths`;
    if (hashes.includes('') || paths.includes('')) return `chunk ${c}: an empty hash or path`;
    count += hashes.length;
  }
  if (count !== p.count) return `${count} items for a count of ${p.count}`;
  if (p.labels && p.labels.length !== p.count) return `labels: ${p.labels.length} for ${p.count} items`;
  if (p.labels?.some((l) => l < -1)) return 'labels: one below -1';
  return null;
}

export function unpackItems(p: PackedItems): UnpackedItem[] {
  const hashes = p.hashes.flatMap((c) => c.split('\n'));
  const paths = p.paths.flatMap((c) => c.split('\0'));
  return hashes.map((hash, i) => ({ hash, path: paths[i]!, label: p.labels ? p.labels[i]! : -1 }));
}

/** Packed items as the worker checks them where they arrive. */
export const packedItemsSchema = z
  .object({ count: z.number().int().nonnegative(), hashes: z.array(z.string()), paths: z.array(z.string()), labels: z.instanceof(Int32Array).optional() })
  .superRefine((p, ctx) => {
    const problem = packedItemsProblem(p);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  }) satisfies z.ZodType<PackedItems>;

/** A training run's images: hash, path and label index packed, image id and split (index into SPLITS) beside. */
export interface PackedRunItems {
  items: PackedItems;
  imageIds: Int32Array;
  splits: Uint8Array;
}

export const packedRunItemsSchema = z
  .object({ items: packedItemsSchema, imageIds: z.instanceof(Int32Array), splits: z.instanceof(Uint8Array) })
  .superRefine((p, ctx) => {
    const labels = p.items.labels;
    const problem =
      !labels || p.items.count === 0 ? 'items: at least one, each with its label'
      : p.imageIds.length !== p.items.count || p.splits.length !== p.items.count ? 'imageIds and splits: one per item'
      : p.splits.some((s) => s >= SPLITS.length) || labels.some((l) => l < 0) ? 'splits and labels: known ones'
      : null;
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  }) satisfies z.ZodType<PackedRunItems>;

/** One image of a run, as the worker unpacks it. */
export interface RunItem {
  imageId: number;
  hash: string;
  path: string;
  /** index into config.labels */
  label: number;
  split: Split;
}

export function unpackRunItems(p: PackedRunItems): RunItem[] {
  return unpackItems(p.items).map((it, i) => ({ imageId: p.imageIds[i]!, hash: it.hash, path: it.path, label: it.label, split: SPLITS[p.splits[i]!]! }));
}
