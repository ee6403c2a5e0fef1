import { channelNames, type ChannelName, type ReplyOf, type RequestOf } from '../../shared/api';
import type { Result } from '../../shared/result';
import type { EngineEvent } from '../../shared/types';

export type MediaKind = 'thumb' | 'full';

/**
 * How the renderer reaches the engine, whatever the host. Typed from the contract alone: a
 * channel name fixes its request and reply types.
 */
export interface ApiClient {
  readonly host: 'electron' | 'browser';
  call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<Result<ReplyOf<C>>>;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** URL of an image of a dataset, as this host serves it. */
  mediaUrl(kind: MediaKind, datasetId: number, relPath: string, version?: string): string;
  /** Absolute path of a dropped File (Electron only; '' elsewhere). */
  pathForFile(file: File): string;
  /**
   * Browser host only: copies one file into the serve machine's workspace, under a batch folder
   * (uploads/<batch>/<relPath>); answers that batch folder.
   */
  upload?(batch: string, relPath: string, file: Blob): Promise<Result<{ folder: string }>>;
  /** Browser host only: the URL that downloads a run's export as a zip. */
  exportDownloadUrl?(runId: number, format: 'hf' | 'onnx'): string;
}

/** A failed call, thrown by `invoke` so screens can use try/catch and show `message`. */
export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Unwraps a Result or throws ApiCallError. */
export async function invoke<C extends ChannelName>(
  client: ApiClient,
  channel: C,
  request: RequestOf<C>,
): Promise<ReplyOf<C>> {
  const result = await client.call(channel, request);
  if (!result.ok) throw new ApiCallError(result.error.code, result.error.message);
  return result.value;
}

/** Whether this build's contract has an operation (screens appear when their channels exist). */
export function hasChannel(name: string): boolean {
  return (channelNames as readonly string[]).includes(name);
}

/** `/thumb/3/cats/a b.jpg` with each path segment encoded (slashes inside a name cannot occur). */
export function mediaPath(kind: MediaKind, datasetId: number, relPath: string): string {
  const rel = relPath.split('/').map(encodeURIComponent).join('/');
  return `${kind}/${datasetId}/${rel}`;
}
