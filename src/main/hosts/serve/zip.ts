// A zip archive written as a stream (stored entries, UTF-8 names): exports are model weights that
// do not compress, so storing them is as small as deflating and costs no CPU. Each file is read
// twice (CRC-32, then its bytes), never held in memory whole. Zip64 is not needed below 4 GiB.
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';

export interface ZipEntry {
  /** Name inside the archive, '/'-separated. */
  name: string;
  /** File on disk. */
  file: string;
}

const LIMIT = 0xffff_ffff;

async function crcOf(file: string): Promise<number> {
  let crc = 0;
  for await (const chunk of fs.createReadStream(file)) crc = zlib.crc32(chunk as Buffer, crc);
  return crc >>> 0;
}

function write(out: Writable, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(data)) return resolve();
    out.once('drain', resolve);
    out.once('error', reject);
  });
}

/** DOS date and time of `d` (zip's timestamp format). */
function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** Total bytes the archive of these entries will have (for Content-Length). */
export function zipSize(entries: readonly ZipEntry[]): number {
  let n = 22;
  for (const e of entries) {
    const name = Buffer.byteLength(e.name);
    n += 30 + name + fs.statSync(e.file).size + 46 + name;
  }
  return n;
}

/** Streams a zip of `entries` into `out` (not ended). Throws when the archive would pass 4 GiB. */
export async function writeZip(out: Writable, entries: readonly ZipEntry[], now = new Date()): Promise<void> {
  if (zipSize(entries) > LIMIT) throw new Error('The export is larger than 4 GB: export it to a folder instead.');
  const { time, date } = dosTime(now);
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const size = fs.statSync(e.file).size;
    const crc = await crcOf(e.file);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    await write(out, Buffer.concat([local, name]));
    for await (const chunk of fs.createReadStream(e.file)) await write(out, chunk as Buffer);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // version made by
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(0, 10);
    entry.writeUInt16LE(time, 12);
    entry.writeUInt16LE(date, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(size, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += 30 + name.length + size;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  await write(out, Buffer.concat([dir, end]));
}
