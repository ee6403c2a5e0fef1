import { useCallback } from 'react';
import type { LabelInfo } from '../../../shared/types';
import { invoke } from '../../app/client';
import { useApi } from '../../app/api-context';
import { testFixWarning } from '../results/test-fix-warning';

/** Label assignment and undo/redo for the workbench, with a toast saying what happened. */
export function useLabelCommands(opts: {
  datasetId: number;
  labels: readonly LabelInfo[];
  targetIds(): number[];
  notify(message: string, kind?: 'info' | 'error'): void;
  refresh(): void;
}) {
  const api = useApi();
  const { datasetId, labels, targetIds, notify, refresh } = opts;
  const fail = useCallback((e: unknown) => notify(e instanceof Error ? e.message : String(e), 'error'), [notify]);

  const assignLabel = useCallback(
    async (labelId: number | null) => {
      const imageIds = targetIds();
      if (imageIds.length === 0) return;
      try {
        const r = await invoke(api, 'images.setLabel', { imageIds, labelId });
        const name = labelId === null ? 'unlabeled' : labels.find((l) => l.id === labelId)?.name;
        const done = `${r.updated.toLocaleString()} image${r.updated === 1 ? '' : 's'} → ${name}`;
        if (r.testImages > 0) notify(`${done}. ${testFixWarning(r.testImages)}`, 'error');
        else notify(done);
        refresh();
      } catch (e) {
        fail(e);
      }
    },
    [api, labels, targetIds, notify, refresh, fail],
  );

  const undoRedo = useCallback(
    async (which: 'edits.undo' | 'edits.redo') => {
      const verb = which === 'edits.undo' ? 'undo' : 'redo';
      try {
        const r = await invoke(api, which, { datasetId });
        notify(r.images > 0 ? `${verb === 'undo' ? 'Undid' : 'Redid'} a change of ${r.images} image${r.images === 1 ? '' : 's'}` : `Nothing to ${verb}`);
        refresh();
      } catch (e) {
        fail(e);
      }
    },
    [api, datasetId, notify, refresh, fail],
  );

  return { assignLabel, undoRedo };
}
