import type { ChannelName, ReplyOf, RequestOf } from '../../shared/api';
import type { Result } from '../../shared/result';
import type { EngineEvent } from '../../shared/types';
import type { EngineContext } from './context';
import { dispatch, type Handlers } from './dispatch';
import { RunJobs } from '../runs/run-jobs';
import { workspaceHandlers } from './workspace-handlers';
import { storageHandlers } from './storage-handlers';
import { appHandlers } from './app-handlers';
import { datasetsHandlers } from './datasets-handlers';
import { imagesHandlers } from './images-handlers';
import { labelsHandlers } from './labels-handlers';
import { splitsHandlers } from './splits-handlers';
import { openWorkspace } from './workspace';
import { modelHandlers } from './model-handlers';
import { trainHandlers } from './train-handlers';
import { dataHandlers } from './data/data-handlers';
import { backboneHandlers } from './data/backbone-handlers';
import { runsCompareHandlers } from './runs-compare-handlers';
import { modelSourceHandlers } from './model-source-handlers';
import { duplicatesHandlers } from './duplicates-handlers';
import { runNotesHandlers } from './run-notes-handlers';
import { runsHandlers } from './runs-handlers';
import { augmentHandlers } from './augment-handlers';
import { augmentTraitsHandlers } from './augment-traits-handlers';

export type EngineListener = (event: EngineEvent) => void;

/**
 * The one core behind every host (Electron main, `serve`, CLI). Plain Node: no Electron here.
 * Hosts call `call(channel, payload)` with untrusted input and get a Result back.
 */
export class Engine {
  readonly ctx: EngineContext;
  private readonly listeners = new Set<EngineListener>();
  private readonly handlers: Handlers;
  private readonly abort = new AbortController();

  constructor(workspaceDir: string) {
    const ws = openWorkspace(workspaceDir);
    this.ctx = {
      ws,
      emit: (event) => {
        for (const listener of this.listeners) listener(event);
      },
      closing: this.abort.signal,
    };
    // Each contract file (src/shared/api/<domain>.ts) has its handlers in <domain>-handlers.ts.
    const runJobs = new RunJobs(this.ctx);
    this.handlers = {
      ...trainHandlers(this.ctx, runJobs),
      ...runsHandlers(this.ctx, runJobs),
      ...augmentHandlers(this.ctx),
      ...workspaceHandlers(this.ctx),
      ...storageHandlers(this.ctx),
      ...appHandlers(this.ctx),
      ...datasetsHandlers(this.ctx),
      ...imagesHandlers(this.ctx),
      ...labelsHandlers(this.ctx),
      ...splitsHandlers(this.ctx),
      ...modelHandlers(this.ctx),
      ...dataHandlers(this.ctx),
      ...backboneHandlers(this.ctx),
      ...runsCompareHandlers(this.ctx),
      ...modelSourceHandlers(this.ctx),
      ...duplicatesHandlers(this.ctx),
      ...runNotesHandlers(this.ctx),
      ...augmentTraitsHandlers(this.ctx),
    };
  }

  /** Untrusted entry point: validates, never throws. */
  call(channel: unknown, payload: unknown): Promise<Result<unknown>> {
    return dispatch(this.handlers, channel, payload);
  }

  /** Typed convenience for in-process callers (CLI, tests): unwraps or throws the API error. */
  async invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ReplyOf<C>> {
    const result = await this.call(channel, request);
    if (!result.ok) {
      const e = new Error(result.error.message);
      (e as Error & { code?: string }).code = result.error.code;
      throw e;
    }
    return result.value as ReplyOf<C>;
  }

  on(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.abort.abort();
    this.listeners.clear();
    this.ctx.ws.close();
  }
}
