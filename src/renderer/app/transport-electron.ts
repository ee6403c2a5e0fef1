import type { ChannelName } from '../../shared/api';
import type { VitStudioBridge } from '../../shared/api/bridge';
import type { Result } from '../../shared/result';
import { mediaPath, type ApiClient } from './client';

declare global {
  interface Window {
    vitStudio?: VitStudioBridge;
  }
}

/** The desktop app: one preload function per operation; images from the vit-media: protocol. */
export function electronClient(bridge: VitStudioBridge): ApiClient {
  return {
    host: 'electron',
    call: (channel, request) => {
      const fn = bridge[channel as ChannelName] as unknown as ((r: unknown) => Promise<Result<unknown>>) | undefined;
      if (!fn) return Promise.resolve({ ok: false, error: { code: 'unavailable', message: `This app has no operation ${channel}.` } });
      return fn(request) as never;
    },
    onEvent: (listener) => bridge.onEvent(listener),
    mediaUrl: (kind, datasetId, relPath, version) =>
      `vit-media://media/${mediaPath(kind, datasetId, relPath)}${version ? `?v=${encodeURIComponent(version)}` : ''}`,
    pathForFile: (file) => bridge.pathForFile(file),
  };
}
