import { resolveModel, type DownloadProgress } from '../model/hub';

// The backbone's folder: a local folder as given, or a hub id ("org/name[@revision]") downloaded
// into (or found in) the Hugging Face cache by the hub client.

export async function resolveModelFolder(
  spec: string,
  revision: string | null,
  onProgress?: (p: DownloadProgress) => void,
  signal?: AbortSignal,
  /** E.g. "the hub could not be checked: using the cached copy". */
  onNotice?: (message: string) => void,
): Promise<string> {
  return resolveModel(spec, { revision: revision ?? undefined, onProgress, signal, onNotice });
}
