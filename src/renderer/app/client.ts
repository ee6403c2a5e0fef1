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

/**
 * Reads that several components ask for at once (the data-loop counts and the backbone picker both
 * ask data.summary when Review opens; label and dataset lists on every screen): an identical
 * request already in flight is answered with the same reply instead of queueing another one on the
 * engine's one event loop. Anything else sent through `invoke` (a write, say) and every engine
 * event but progress end the sharing, so a read asked after a change never gets an answer from before it.
 */
const SHARED_READS: ReadonlySet<ChannelName> = new Set<ChannelName>(['data.summary', 'labels.list', 'datasets.list', 'datasets.get', 'runs.list', 'model.cached', 'model.known']);
const inFlight = new WeakMap<ApiClient, Map<string, Promise<Result<unknown>>>>();

function sharedCall<C extends ChannelName>(client: ApiClient, channel: C, request: RequestOf<C>): Promise<Result<ReplyOf<C>>> {
  let pending = inFlight.get(client);
  if (!pending) {
    const map = new Map<string, Promise<Result<unknown>>>();
    client.onEvent((e) => void (e.type !== 'progress' && map.clear()));
    inFlight.set(client, (pending = map));
  }
  if (!SHARED_READS.has(channel)) {
    pending.clear();
    return client.call(channel, request);
  }
  const key = `${channel}\u0000${JSON.stringify(request)}`;
  let reply = pending.get(key);
  if (!reply) {
    const map = pending;
    const sent = client.call(channel, request);
    const done = () => void (map.get(key) === sent && map.delete(key));
    sent.then(done, done);
    map.set(key, (reply = sent));
  }
  return reply as Promise<Result<ReplyOf<C>>>;
}

/** Unwraps a Result or throws ApiCallError. */
export async function invoke<C extends ChannelName>(
  client: ApiClient,
  channel: C,
  request: RequestOf<C>,
): Promise<ReplyOf<C>> {
  const result = await sharedCall(client, channel, request);
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
