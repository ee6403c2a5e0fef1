import type { Result } from '../../shared/result';
import type { EngineEvent } from '../../shared/types';
import { mediaPath, type ApiClient } from './client';

/**
 * `vit-studio serve` in a browser: POST /api/<channel> with the session cookie, events over
 * EventSource. One EventSource is shared by all listeners and opened on first use.
 */
export function httpClient(): ApiClient {
  const listeners = new Set<(event: EngineEvent) => void>();
  let source: EventSource | null = null;

  function ensureSource() {
    if (source) return;
    source = new EventSource('/api/events');
    source.onmessage = (message) => {
      let event: EngineEvent;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    };
  }

  return {
    host: 'browser',
    async call(channel, request) {
      try {
        const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request ?? {}),
          credentials: 'same-origin',
        });
        const text = await response.text();
        try {
          return JSON.parse(text);
        } catch {
          return { ok: false, error: { code: 'internal', message: `Server answered ${response.status}: ${text.slice(0, 200)}` } };
        }
      } catch (e) {
        return { ok: false, error: { code: 'unavailable', message: 'The ViT Studio server cannot be reached. Is `vit-studio serve` still running?' } };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      ensureSource();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
    mediaUrl: (kind, datasetId, relPath, version) =>
      `/media/${mediaPath(kind, datasetId, relPath)}${version ? `?v=${encodeURIComponent(version)}` : ''}`,
    pathForFile: () => '',
    async upload(batch, relPath, file) {
      const url = `/upload/${encodeURIComponent(batch)}/${relPath.split('/').map(encodeURIComponent).join('/')}`;
      try {
        const response = await fetch(url, { method: 'PUT', body: file, credentials: 'same-origin', headers: { 'Content-Type': 'application/octet-stream' } });
        return (await response.json()) as Result<{ folder: string }>;
      } catch {
        return { ok: false, error: { code: 'unavailable', message: `Uploading ${relPath} failed: is \`vit-studio serve\` still running?` } };
      }
    },
    exportDownloadUrl: (runId, format) => `/download/run-${runId}.zip?format=${format}`,
  };
}
