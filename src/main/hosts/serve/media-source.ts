import type { Engine } from '../../engine/engine';

export type MediaReply =
  | { ok: true; body: Buffer | Uint8Array; contentType: string }
  | { ok: false; status: number; message: string };

/**
 * Where `/media/thumb/…` and `/media/full/…` come from. The data engine's resolveMedia is wired
 * in here once it exists; until then every media request is a clean 404.
 */
export async function resolveMediaFor(
  _engine: Engine,
  _pathname: string,
  _search: string,
): Promise<MediaReply> {
  return { ok: false, status: 404, message: 'Images are not available in this build.' };
}
