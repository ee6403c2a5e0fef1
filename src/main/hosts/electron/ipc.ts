import { channelNames, type ChannelName } from '../../../shared/api';
import { err, type Result } from '../../../shared/result';

/** Channels main answers itself, before (instead of) the engine. */
export type HostHandlers = Partial<Record<ChannelName, (payload: unknown) => Promise<Result<unknown>>>>;

/** The part of an invoke event we look at (Electron's IpcMainInvokeEvent has it). */
export interface InvokeEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

/** The part of ipcMain we use; Electron's ipcMain fits, and so does a test fake. */
export interface IpcRegistrar {
  handle(channel: string, listener: (event: InvokeEventLike, payload: unknown) => Promise<unknown>): void;
}

export interface EngineLike {
  call(channel: unknown, payload: unknown): Promise<Result<unknown>>;
}

/**
 * Only our own page may call the engine: the top frame (no iframe), loaded from file:, at the
 * exact index.html we shipped. Anything else — a navigated-away page, a data: URL, a subframe —
 * is refused even though navigation is already blocked.
 */
export function isTrustedSender(
  frame: { url: string; parent: unknown } | null | undefined,
  indexUrl: string,
): boolean {
  if (!frame || frame.parent) return false;
  let url: URL;
  let expected: URL;
  try {
    url = new URL(frame.url);
    expected = new URL(indexUrl);
  } catch {
    return false;
  }
  return url.protocol === 'file:' && expected.protocol === 'file:' && url.pathname === expected.pathname && url.host === '';
}

/**
 * ONE ipcMain.handle per operation of the contract — no generic "invoke anything" channel. Each
 * forwards the untrusted payload to the engine, which validates it with the channel's schema.
 * Returns the names registered, so the caller (and tests) can see nothing was missed.
 */
export function registerIpcHandlers(
  ipcMain: IpcRegistrar,
  engine: EngineLike,
  indexUrl: string,
  hostHandlers: HostHandlers = {},
): ChannelName[] {
  for (const name of channelNames) {
    ipcMain.handle(name, async (event: InvokeEventLike, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame, indexUrl)) {
        return err('invalid_argument', 'Refused: the request did not come from the ViT Studio window.');
      }
      const own = hostHandlers[name];
      return own ? own(payload) : engine.call(name, payload);
    });
  }
  return [...channelNames];
}
