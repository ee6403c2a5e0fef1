import { useEffect, useState } from 'react';
import type { PredictionItem } from '../../../shared/api/runs';
import { invoke } from '../../app/client';
import { useApi } from '../../app/api-context';
import { serverQuery, type GalleryFilter } from './prediction-filter';

const PAGE = 5000;

export interface PredictionList {
  items: PredictionItem[];
  loading: boolean;
  error: string | null;
}

/**
 * Every prediction of a run matching the filter, fetched in pages of 5,000 (a 10,000-image test
 * split is two requests; the gallery virtualizes the rendering, not the data).
 */
export function usePredictionList(runId: number | null, filter: GalleryFilter): PredictionList {
  const api = useApi();
  const [state, setState] = useState<PredictionList>({ items: [], loading: false, error: null });
  const key = JSON.stringify(filter);
  useEffect(() => {
    if (runId === null) return setState({ items: [], loading: false, error: null });
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    (async () => {
      const query = serverQuery(runId, filter);
      const all: PredictionItem[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await invoke(api, 'runs.predictions', { ...query, offset, limit: PAGE });
        all.push(...page.items);
        if (!live || all.length >= page.total || page.items.length === 0) break;
      }
      if (live) setState({ items: all, loading: false, error: null });
    })().catch((e: unknown) => live && setState({ items: [], loading: false, error: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, runId, key]);
  return state;
}
