import type { EngineEvent } from '../../shared/types';
import type { Workspace } from './workspace';

/** What every domain's handlers get: the workspace and a way to tell all hosts what happened. */
export interface EngineContext {
  ws: Workspace;
  emit(event: EngineEvent): void;
  /** Aborted when the engine closes; long jobs watch it. */
  closing: AbortSignal;
}
