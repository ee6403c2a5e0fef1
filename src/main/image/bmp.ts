// Windows bitmaps (BMP/DIB), which sharp (libvips) does not read. Uncompressed files only: 1, 4, 8
// (palette), 16 (5-5-5 or bit fields), 24 and 32 bit (BGR(A) or bit fields); RLE and embedded
// JPEG/PNG bitmaps are refused with a reason. Alpha is not kept: the app flattens images to RGB.

export interface BmpHeader {
  width: number;
  height: number;
  bitsPerPixel: number;
}

export interface BmpImage extends BmpHeader {
  /** width·height·3 bytes, row-major from the top, RGB. */
  data: Buffer;
}

/** A file that is not a BMP we can read; the message is the reason shown to the user. */
export class BmpError extends Error {}

const COMPRESSION = ['none', 'RLE8', 'RLE4', 'bit fields', 'JPEG', 'PNG', 'alpha bit fields'];

export function isBmp(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x42 && data[1] === 0x4d; // "BM"
}

interface Layout extends BmpHeader {
  topDown: boolean;
  compression: number;
  dataOffset: number;
  infoSize: number;
  paletteSize: number;
  masks: [number, number, number];
}

function readLayout(buf: Buffer): Layout {
  if (!isBmp(buf) || buf.length < 26) throw new BmpError('not a BMP file (no BM header)');
  const dataOffset = buf.readUInt32LE(10);
  const infoSize = buf.readUInt32LE(14);
  let width: number;
  let height: number;
  let bitsPerPixel: number;
  let compression = 0;
  let colorsUsed = 0;
  if (infoSize === 12) {
    // OS/2 BITMAPCOREHEADER: 16-bit sizes, 3-byte palette entries.
    width = buf.readUInt16LE(18);
    height = buf.readInt16LE(20);
    bitsPerPixel = buf.readUInt16LE(24);
  } else if (infoSize >= 40 && buf.length >= 14 + 40) {
    width = buf.readInt32LE(18);
    height = buf.readInt32LE(22);
    bitsPerPixel = buf.readUInt16LE(28);
    compression = buf.readUInt32LE(30);
    colorsUsed = buf.readUInt32LE(46);
  } else throw new BmpError(`BMP header of unknown size (${infoSize} bytes)`);
  if (width <= 0 || height === 0) throw new BmpError('BMP has no size in its header');
  if (compression !== 0 && compression !== 3 && compression !== 6) {
    throw new BmpError(`compressed BMP (${COMPRESSION[compression] ?? `method ${compression}`}) is not supported; save it as PNG`);
  }
  if (![1, 4, 8, 16, 24, 32].includes(bitsPerPixel)) throw new BmpError(`BMP with ${bitsPerPixel} bits per pixel is not supported`);
  let masks: [number, number, number] = bitsPerPixel === 16 ? [0x7c00, 0x3e0, 0x1f] : [0xff0000, 0xff00, 0xff];
  if (compression === 3 || compression === 6) {
    // Masks follow a 40-byte header, or sit inside a V2+ header at the same place.
    if (buf.length < 14 + 40 + 12) throw new BmpError('truncated BMP (bit field masks missing)');
    masks = [buf.readUInt32LE(54), buf.readUInt32LE(58), buf.readUInt32LE(62)];
  }
  const paletteSize = bitsPerPixel <= 8 ? colorsUsed || 1 << bitsPerPixel : 0;
  return { width, height: Math.abs(height), bitsPerPixel, topDown: height < 0, compression, dataOffset, infoSize, paletteSize, masks };
}

/** Size and depth from the header alone (for the import's pixel limit); throws BmpError. */
export function readBmpHeader(buf: Buffer): BmpHeader {
  const { width, height, bitsPerPixel } = readLayout(buf);
  return { width, height, bitsPerPixel };
}

/** Decodes an uncompressed BMP to RGB; throws BmpError with the reason when it cannot. */
export function decodeBmp(buf: Buffer): BmpImage {
  const l = readLayout(buf);
  const { width, height, bitsPerPixel: bpp } = l;
  const stride = Math.floor((width * bpp + 31) / 32) * 4;
  if (l.dataOffset + stride * height > buf.length) throw new BmpError('truncated BMP (file shorter than its pixel data)');
  const palette: number[][] = [];
  const entry = l.infoSize === 12 ? 3 : 4;
  const paletteStart = 14 + l.infoSize + (l.compression === 3 && l.infoSize === 40 ? 12 : 0);
  for (let i = 0; i < l.paletteSize; i++) {
    const o = paletteStart + i * entry;
    if (o + 3 > buf.length) break;
    palette.push([buf[o + 2]!, buf[o + 1]!, buf[o]!]);
  }
  const channel = (mask: number) => {
    const shift = mask ? 31 - Math.clz32(mask & -mask) : 0;
    const max = mask ? mask >>> shift : 1;
    return (v: number) => Math.round((((v & mask) >>> shift) * 255) / max);
  };
  const [r, g, b] = l.masks.map(channel) as [(v: number) => number, (v: number) => number, (v: number) => number];
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = l.dataOffset + (l.topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      let rgb: readonly number[];
      if (bpp <= 8) {
        const bit = x * bpp;
        const index = (buf[row + (bit >> 3)]! >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        rgb = palette[index] ?? [0, 0, 0];
      } else if (bpp === 24 || (bpp === 32 && l.compression === 0)) {
        const p = row + x * (bpp / 8);
        rgb = [buf[p + 2]!, buf[p + 1]!, buf[p]!];
      } else {
        const v = bpp === 16 ? buf.readUInt16LE(row + x * 2) : buf.readUInt32LE(row + x * 4);
        rgb = [r(v), g(v), b(v)];
      }
      out[o] = rgb[0]!;
      out[o + 1] = rgb[1]!;
      out[o + 2] = rgb[2]!;
    }
  }
  return { width, height, bitsPerPixel: bpp, data: out };
}
