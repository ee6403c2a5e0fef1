import { expect, it } from 'vitest';
import { invoke, type ApiClient } from '../../../src/renderer/app/client';
import type { Result } from '../../../src/shared/result';
import type { EngineEvent } from '../../../src/shared/types';

/** A client whose calls wait until `answer()`; it records what was sent. */
function fakeClient() {
  const sent: { channel: string; request: unknown; resolve: (r: Result<unknown>) => void }[] = [];
  const listeners = new Set<(e: EngineEvent) => void>();
  const client: ApiClient = {
    host: 'browser',
    call: ((channel: string, request: unknown) => new Promise<Result<unknown>>((resolve) => sent.push({ channel, request, resolve }))) as ApiClient['call'],
    onEvent: (l) => (listeners.add(l), () => listeners.delete(l)),
    mediaUrl: () => '',
    pathForFile: () => '',
  };
  const answerAll = (value: (n: number) => unknown) => sent.forEach((s, n) => s.resolve({ ok: true, value: value(n) }));
  const emit = (e: EngineEvent) => listeners.forEach((l) => l(e));
  return { client, sent, answerAll, emit };
}

it('sends one data.summary for identical requests in flight and gives each caller the answer', async () => {
  const f = fakeClient();
  const a = invoke(f.client, 'data.summary', { datasetId: 1 });
  const b = invoke(f.client, 'data.summary', { datasetId: 1 });
  const other = invoke(f.client, 'data.summary', { datasetId: 1, model: 'm' });
  expect(f.sent.map((s) => s.request)).toEqual([{ datasetId: 1 }, { datasetId: 1, model: 'm' }]);
  f.answerAll((n) => ({ n }));
  expect(await Promise.all([a, b, other])).toEqual([{ n: 0 }, { n: 0 }, { n: 1 }]);
  // Answered: the next one is sent again.
  void invoke(f.client, 'data.summary', { datasetId: 1 });
  expect(f.sent).toHaveLength(3);
});

it('never shares a read across a write sent through invoke or an engine event, and never shares writes', async () => {
  const f = fakeClient();
  void invoke(f.client, 'labels.list', { datasetId: 1 });
  void invoke(f.client, 'labels.create', { datasetId: 1, name: 'cat' });
  void invoke(f.client, 'labels.create', { datasetId: 1, name: 'cat' });
  void invoke(f.client, 'labels.list', { datasetId: 1 });
  expect(f.sent.map((s) => s.channel)).toEqual(['labels.list', 'labels.create', 'labels.create', 'labels.list']);
  f.emit({ type: 'progress', progress: { jobId: 'j', kind: 'analyze', phase: 'x', done: 0, total: 1, rate: 0, etaSeconds: null } });
  void invoke(f.client, 'labels.list', { datasetId: 1 });
  expect(f.sent).toHaveLength(4);
  f.emit({ type: 'dataset-changed', datasetId: 1 });
  void invoke(f.client, 'labels.list', { datasetId: 1 });
  expect(f.sent).toHaveLength(5);
});
