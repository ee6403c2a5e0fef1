import { useMemo, useRef, useState } from 'react';
import type { DataImage } from '../../../shared/api/data';
import { useApi, useLoad } from '../../app/api-context';
import { invoke } from '../../app/client';
import { useFocusOnMount } from '../data/use-focus-on-mount';
import { LabelPicker } from '../label/LabelPicker';
import { useReviewQueue } from './review-queue';
import { useQueueCommands } from './use-queue-commands';

/**
 * What both review queues share: the dataset's labels and colours, the queue over the engine's
 * list, its label commands, the focused root for the keys, and the "choose another" picker.
 */
export function useReviewSession<T extends DataImage>(datasetId: number, items: readonly T[], notify: (message: string, kind?: 'info' | 'error') => void) {
  const api = useApi();
  const labels = useLoad(() => invoke(api, 'labels.list', { datasetId }), [api, datasetId]);
  const colorOf = useMemo(() => new Map((labels.data ?? []).map((l) => [l.id, l.color])), [labels.data]);
  const queue = useReviewQueue(items);
  const commands = useQueueCommands(datasetId, queue, notify);
  const [picking, setPicking] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useFocusOnMount(root);

  /** The type-ahead picker for the current image while "choose another" is open. */
  const picker = (onPick: (image: T, labelId: number, name: string) => void) => {
    const image = queue.current;
    if (!picking || !image) return null;
    return (
      <LabelPicker
        labels={labels.data ?? []}
        initial=""
        targetCount={1}
        onClose={() => setPicking(false)}
        onPick={(labelId) => {
          setPicking(false);
          onPick(image, labelId, labels.data?.find((l) => l.id === labelId)?.name ?? 'label');
        }}
      />
    );
  };
  return { colorOf, queue, commands, picking, openPicker: () => setPicking(true), root, picker };
}
