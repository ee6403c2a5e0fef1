import { useEffect, useRef } from 'react';
import { invoke } from '../../app/client';
import { useApi, useEngineEvents, useLoad } from '../../app/api-context';
import { useChosenBackbone } from './backbone-choice';

/** Where the data loop stands for a dataset on its chosen backbone (counts for badges), kept current without starting anything. */
export function useDataSummary(datasetId: number | null) {
  const api = useApi();
  const model = useChosenBackbone(datasetId);
  const summary = useLoad(
    () => (datasetId === null || model === undefined ? Promise.resolve(null) : invoke(api, 'data.summary', { datasetId, model: model ?? undefined })),
    [api, datasetId, model],
  );
  const settle = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (settle.current && clearTimeout(settle.current)), []);
  useEngineEvents((e) => {
    if ((e.type === 'analysis-changed' || e.type === 'dataset-changed') && e.datasetId === datasetId) {
      if (settle.current) clearTimeout(settle.current);
      settle.current = setTimeout(summary.reload, 500);
    }
  });
  return summary;
}

/** Opens a queue of the Review screen. */
export function openReview(queue: 'suspicious' | 'next' | 'lookalikes'): void {
  location.hash = `#/review?queue=${queue}`;
}
