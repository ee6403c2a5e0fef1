import type { Engine } from '../../engine/engine';
import { resolveMedia, type MediaResult } from '../../engine/media';

export type MediaReply = MediaResult;

/**
 * `/media/thumb/…` and `/media/full/…` for both hosts (serve over HTTP, Electron over the
 * vit-media: protocol): the engine's resolver, which confines paths to the dataset's images.
 */
export function resolveMediaFor(engine: Engine, pathname: string, search: string): Promise<MediaReply> {
  return resolveMedia(engine.ctx, pathname, search);
}
