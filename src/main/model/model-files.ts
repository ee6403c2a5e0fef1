// Opening the files of a model folder without trusting them. A folder comes from the user, a
// download or a shared drive: its config.json may be a symlink to /dev/zero, a FIFO nobody writes
// to, a folder or a gigabyte of JSON. Each file is opened non-blocking (opening a FIFO never waits
// for a writer), checked on the open descriptor (so links are resolved and nothing can be swapped
// in between), and configs are read only up to a size no real config comes near.
//
//   readModelJson(file, required)      → Promise<parsed JSON | undefined>  (engine: never blocks)
//   readModelJsonSync(file, required)  → the same, for worker-side loaders
//   openRegularFileSync(file)          → {fd, size} of a regular file (model.safetensors)
import fs from 'node:fs';
import path from 'node:path';
import { CheckpointError } from './checkpoint-error';

/** config.json of the largest hub models is tens of KB; a megabyte is far beyond any real one. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

// O_NONBLOCK: open() of a FIFO returns at once instead of waiting for a writer (undefined on Windows).
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

function notRegular(file: string, stat: fs.Stats): CheckpointError {
  return new CheckpointError(`${file} is not a regular file (${kindOf(stat)}): a model folder holds plain files`);
}

function tooLarge(file: string, size: number): CheckpointError {
  const mb = (size / (1024 * 1024)).toFixed(1);
  return new CheckpointError(`${file} is ${mb} MB; a model config is at most ${MAX_CONFIG_BYTES / (1024 * 1024)} MB`);
}

function missing(file: string): CheckpointError {
  return new CheckpointError(`${path.basename(file)} not found in ${path.dirname(file)}`);
}

function parse(file: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new CheckpointError(`${file} is not valid JSON`);
  }
}

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

/** Opens a regular file (after links) for reading; anything else is refused before a byte is read. */
export function openRegularFileSync(file: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    if (isMissing(e)) throw missing(file);
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw new CheckpointError(`${file} is not a regular file (a folder): a model folder holds plain files`);
    throw e;
  }
  const stat = fs.fstatSync(fd);
  if (!stat.isFile()) {
    fs.closeSync(fd);
    throw notRegular(file, stat);
  }
  return { fd, size: stat.size };
}

/** A model folder's JSON config, read whole only when it is a regular file of at most 1 MB. */
export function readModelJsonSync(file: string, required: boolean): unknown {
  let opened: { fd: number; size: number };
  try {
    opened = openRegularFileSync(file);
  } catch (e) {
    if (!required && e instanceof CheckpointError && !fs.existsSync(file) && !isSymlink(file)) return undefined;
    throw e;
  }
  try {
    if (opened.size > MAX_CONFIG_BYTES) throw tooLarge(file, opened.size);
    const bytes = Buffer.alloc(opened.size);
    let done = 0;
    while (done < bytes.length) {
      const n = fs.readSync(opened.fd, bytes, done, bytes.length - done, done);
      if (n === 0) break;
      done += n;
    }
    return parse(file, bytes.subarray(0, done));
  } finally {
    fs.closeSync(opened.fd);
  }
}

/** The same as readModelJsonSync, off the event loop: `serve` keeps answering while it reads. */
export async function readModelJson(file: string, required: boolean): Promise<unknown> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, OPEN_FLAGS);
  } catch (e) {
    if (isMissing(e)) {
      if (!required && !isSymlink(file)) return undefined;
      throw missing(file);
    }
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw new CheckpointError(`${file} is not a regular file (a folder): a model folder holds plain files`);
    throw e;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw notRegular(file, stat);
    if (stat.size > MAX_CONFIG_BYTES) throw tooLarge(file, stat.size);
    // Read at most one byte past the cap: a file that grows after fstat is still bounded.
    const bytes = Buffer.alloc(Math.min(stat.size, MAX_CONFIG_BYTES) + 1);
    let done = 0;
    for (;;) {
      const { bytesRead } = await handle.read(bytes, done, bytes.length - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
      if (done === bytes.length) break;
    }
    if (done > MAX_CONFIG_BYTES) throw tooLarge(file, done);
    return parse(file, bytes.subarray(0, done));
  } finally {
    await handle.close();
  }
}

/** A dangling symlink is not "absent": it is a broken file the user should hear about. */
function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
