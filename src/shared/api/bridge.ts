import type { Result } from '../result';
import type { EngineEvent } from '../types';
import type { ChannelName, ReplyOf, RequestOf } from './index';

/** One function per operation of the contract. */
export type OperationFunctions = {
  [C in ChannelName]: (request: RequestOf<C>) => Promise<Result<ReplyOf<C>>>;
};

/**
 * What the Electron preload exposes to the renderer as `window.vitStudio`: the operations, the
 * engine's event stream, and the path of a dropped folder. Never ipcRenderer itself.
 */
export type VitStudioBridge = OperationFunctions & {
  readonly host: 'electron';
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Absolute path of a File from a drop (Electron's webUtils.getPathForFile); '' when unknown. */
  pathForFile(file: File): string;
};
