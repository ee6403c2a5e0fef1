/** The privileged scheme the renderer loads images from: vit-media://media/thumb/<ds>/<rel>. */
export const MEDIA_SCHEME = 'vit-media';

export const MEDIA_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  // Images only: no service workers, no CORS bypass, no streaming of script.
  bypassCSP: false,
  corsEnabled: false,
  stream: false,
} as const;

/**
 * Maps a vit-media URL to the `/media/…` path and query the engine's resolveMedia expects, or
 * null when it is not ours. Reads the raw URL text: URL parsing would resolve `..`, and the
 * path check downstream must see traversal attempts to refuse them.
 */
export function mediaPathFromUrl(rawUrl: string): { pathname: string; search: string } | null {
  const prefix = `${MEDIA_SCHEME}://media/`;
  if (!rawUrl.toLowerCase().startsWith(prefix)) return null;
  const rest = rawUrl.slice(prefix.length);
  const cut = rest.search(/[?#]/);
  const path = cut < 0 ? rest : rest.slice(0, cut);
  const search = cut < 0 || rest[cut] === '#' ? '' : rest.slice(cut).replace(/#.*$/, '');
  return { pathname: `/media/${path}`, search };
}
