import { createRequire } from 'node:module';
import fs from 'node:fs';
import sharp from 'sharp';
import { builtKernelPath } from './head-kernel';

// The native JPEG thumbnailer (native/jpeg-thumbnail, Node-API, built by `npm run build`): the
// libvips sharp has loaded, called directly, with the JPEG decoded at reduced size (libjpeg's
// scaled IDCT) and Lanczos-3 for the rest. Optional: where it is not built, or declines a file
// (ICC transform failing, CMYK, over the pixel limit, unreadable), thumbnails come from sharp.

interface JpegThumbnailAddon {
  /** null when attached to the loaded libvips, else why not. */
  init(libraryName: string): string | null;
  /** The thumbnail JPEG, or why it declined (the caller renders with sharp then). */
  thumbnail(jpeg: Buffer, size: number, maxPixels: number): Promise<Buffer | string>;
}

/** The file name sharp's libvips was loaded under, which the addon attaches to (never loads). */
function libvipsName(): string | null {
  const v = sharp.versions.vips;
  if (process.platform === 'linux') return `libvips-cpp.so.${v}`;
  if (process.platform === 'darwin') return `libvips-cpp.${v}.dylib`;
  return null;
}

let loaded: { addon: JpegThumbnailAddon | null; error: string | null } | undefined;

/** The addon, attached to sharp's libvips, or null with the reason. Loaded once. */
export function loadJpegThumbnailer(): { addon: JpegThumbnailAddon | null; error: string | null } {
  if (loaded) return loaded;
  if (process.env.VIT_STUDIO_JPEG_THUMBNAIL === 'off') return (loaded = { addon: null, error: 'turned off by VIT_STUDIO_JPEG_THUMBNAIL=off' });
  const file = builtKernelPath('jpeg_thumbnail.node');
  if (!fs.existsSync(file)) return (loaded = { addon: null, error: 'not built (npm run build compiles it with node-gyp)' });
  const name = libvipsName();
  if (!name) return (loaded = { addon: null, error: `not available on ${process.platform}` });
  try {
    const addon = createRequire(__filename)(file) as JpegThumbnailAddon;
    const error = addon.init(name);
    return (loaded = error ? { addon: null, error } : { addon, error: null });
  } catch (err) {
    return (loaded = { addon: null, error: `${file}: ${(err as Error).message.split('\n')[0]}` });
  }
}

/** How many thumbnails the addon rendered and how many it left to sharp, since the process started. */
export const jpegThumbnailCounts = { rendered: 0, declined: 0 };

const JPEG_MAGIC = [0xff, 0xd8, 0xff];

/**
 * The thumbnail of a JPEG file by the addon, or null where sharp must render it instead: the addon
 * is not there, the file cannot be read or is no JPEG, or the addon declines it.
 */
export async function renderJpegThumbnail(file: string, size: number, maxPixels: number): Promise<Buffer | null> {
  const { addon } = loadJpegThumbnailer();
  if (!addon) return null;
  let data: Buffer;
  try {
    data = await fs.promises.readFile(file);
  } catch {
    return null; // sharp reports it as it always has
  }
  if (!JPEG_MAGIC.every((b, i) => data[i] === b)) return null;
  const out = await addon.thumbnail(data, size, maxPixels);
  if (typeof out === 'string') {
    jpegThumbnailCounts.declined++;
    return null;
  }
  jpegThumbnailCounts.rendered++;
  return out;
}
