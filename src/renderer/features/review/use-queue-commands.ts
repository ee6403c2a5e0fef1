import { useState } from 'react';
import { invoke } from '../../app/client';
import { useApi } from '../../app/api-context';
import type { Outcome, useReviewQueue } from './review-queue';

type Queue = ReturnType<typeof useReviewQueue<{ imageId: number }>>;

/**
 * The label edits of a review queue: each one goes through images.setLabel (one undoable edit,
 * the same path as the grid's label keys) and moves the queue on; "keep" is remembered by the
 * engine (data.keepLabels); undo reverts the edit or the keep and brings the image back.
 */
export function useQueueCommands(datasetId: number, queue: Queue, notify: (message: string, kind?: 'info' | 'error') => void) {
  const api = useApi();
  const [busy, setBusy] = useState(false);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    try {
      await work();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    } finally {
      setBusy(false);
    }
  }

  return {
    busy,
    setLabel: (image: { imageId: number; relPath: string }, labelId: number, name: string, outcome: Extract<Outcome, 'accepted' | 'relabeled'>) =>
      run(async () => {
        await invoke(api, 'images.setLabel', { imageIds: [image.imageId], labelId });
        queue.mark(image.imageId, outcome);
        notify(`${image.relPath.slice(image.relPath.lastIndexOf('/') + 1)} → ${name}`);
      }),
    /** Keeps the label: remembered by the engine, so later analyses do not flag the image again. */
    keep: (imageId: number) =>
      run(async () => {
        await invoke(api, 'data.keepLabels', { datasetId, imageIds: [imageId], keep: true });
        queue.mark(imageId, 'kept');
      }),
    skip: (imageId: number) => queue.mark(imageId, 'skipped'),
    undo: () =>
      run(async () => {
        const last = queue.undoLast();
        if (!last) return;
        if (last.outcome === 'kept') {
          await invoke(api, 'data.keepLabels', { datasetId, imageIds: [last.imageId], keep: false });
          return notify('Back to the last image kept: its label is open for review again.');
        }
        const r = await invoke(api, 'edits.undo', { datasetId });
        notify(r.images > 0 ? 'Undid the last label change.' : 'Nothing to undo.');
      }),
  };
}
