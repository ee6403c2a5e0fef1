import { z } from 'zod';

// Field schemas shared by the contract files, for values whose edges are not obvious from their
// type: offsets SQLite must bind, paths Node's fs must accept, names people must be able to read.

/** Page offsets: integers SQLite binds exactly (1e300 and 2^63 pass `int()` but not the database). */
export const offsetSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER, 'offset must be at most 2^53 − 1').default(0);

/** A file or folder path on the engine's machine: no NUL byte (every fs call throws on one). */
export function pathSchema(max = 4096) {
  return z.string().min(1).max(max).refine((s) => !s.includes('\u0000'), 'must not contain a NUL byte');
}

// Unicode format characters (Cf) draw nothing or reorder text: a name with U+200B looks like one
// without, U+202E shows "exe.gpj" as "jpg.exe". Zero-width (non-)joiners are kept: emoji
// sequences and Persian or Indic words need them.
const INVISIBLE = /(?![\u200c\u200d])\p{Cf}/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A label or dataset name: trimmed, 1..max characters, no control or invisible formatting characters. */
export function nameSchema(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters')
    .refine((s) => !INVISIBLE.test(s), 'must not contain invisible formatting characters (zero-width space, text-direction overrides…)')
    .refine((s) => !LONE_SURROGATE.test(s), 'must not contain an unpaired surrogate (broken text encoding)');
}
