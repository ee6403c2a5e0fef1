import { resolveModel } from '../model/hub';
import type { ExtractProgress } from './extract';

// The backbone's folder: a local folder as given, or a hub id ("org/name[@revision]") downloaded
// into (or found in) the Hugging Face cache by the hub client, its progress with rate and ETA.

export async function resolveModelFolder(
  spec: string,
  revision: string | null,
  onProgress?: (p: ExtractProgress) => void,
  signal?: AbortSignal,
  /** E.g. "the hub could not be checked: using the cached copy". */
  onNotice?: (message: string) => void,
): Promise<string> {
  const t0 = performance.now();
  return resolveModel(spec, {
    revision: revision ?? undefined,
    signal,
    onNotice,
    onProgress: onProgress
      ? (p) => {
          const rate = p.rate || p.done / Math.max((performance.now() - t0) / 1000, 1e-6);
          onProgress({ done: p.done, total: p.total, rate, etaSeconds: rate > 0 ? (p.total - p.done) / rate : null });
        }
      : undefined,
  });
}
