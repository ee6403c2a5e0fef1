import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RequestOf } from '../../../shared/api';
import { parseIdList } from '../../../shared/api/images';
import type { ImageRecord } from '../../../shared/types';
import { invoke, type ApiClient } from '../../app/client';
import { useApi } from '../../app/api-context';

export type ImageFilter = Omit<RequestOf<'images.ids'>, 'datasetId' | 'offset' | 'limit'>;

const PAGE = 200;

export interface ImageCollection {
  /** null until the first page answered. */
  total: number | null;
  /** The image at a grid index, or undefined while its page loads (the page is requested). */
  at(index: number): ImageRecord | undefined;
  /** Ids of all images matching the filter, in grid order (select all). */
  allIds(): Promise<number[]>;
  /** Ids of the grid indices first…last (shift-click ranges, a band): from the loaded pages, else only that range is asked for. */
  idsBetween(first: number, last: number): Promise<number[]>;
  /** Drops every loaded page: call after edits. */
  refresh(): void;
  /** Bumps whenever pages arrive, so views re-render. */
  version: number;
  error: string | null;
}

/**
 * The filtered, sorted images of a dataset as a lazily paged list: the grid asks for indices and
 * only the pages it shows are fetched, which is what keeps a 100,000-image dataset cheap.
 */
export function useImageCollection(datasetId: number, filter: ImageFilter): ImageCollection {
  const api = useApi();
  const key = JSON.stringify(filter) + ':' + datasetId;
  const state = useRef({ key: '', pages: new Map<number, ImageRecord[]>(), pending: new Set<number>(), ids: null as Promise<number[]> | null, generation: 0 });
  const [total, setTotal] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const reset = useCallback(() => {
    const s = state.current;
    s.pages = new Map();
    s.pending = new Set();
    s.ids = null;
    s.generation++;
  }, []);

  const loadPage = useCallback(
    (page: number, client: ApiClient) => {
      const s = state.current;
      if (s.pages.has(page) || s.pending.has(page)) return;
      s.pending.add(page);
      const generation = s.generation;
      invoke(client, 'images.query', { datasetId, ...filter, offset: page * PAGE, limit: PAGE }).then(
        (reply) => {
          if (generation !== state.current.generation) return;
          s.pending.delete(page);
          s.pages.set(page, reply.items);
          setTotal(reply.total);
          setError(null);
          setVersion((v) => v + 1);
        },
        (e: unknown) => {
          if (generation !== state.current.generation) return;
          s.pending.delete(page);
          setError(e instanceof Error ? e.message : String(e));
        },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  useEffect(() => {
    if (state.current.key !== key) {
      state.current.key = key;
      reset();
      setTotal(null);
    }
    loadPage(0, api);
  }, [key, api, loadPage, reset]);

  return useMemo<ImageCollection>(
    () => ({
      total,
      version,
      error,
      at(index) {
        const page = Math.floor(index / PAGE);
        const items = state.current.pages.get(page);
        if (!items) {
          loadPage(page, api);
          return undefined;
        }
        return items[index - page * PAGE];
      },
      allIds() {
        const s = state.current;
        s.ids ??= invoke(api, 'images.ids', { datasetId, ...filter }).then(parseIdList);
        return s.ids;
      },
      idsBetween(first, last) {
        const s = state.current;
        if (s.ids) return s.ids.then((ids) => ids.slice(first, last + 1));
        const loaded: number[] = [];
        for (let i = first; i <= last; i++) {
          const image = s.pages.get(Math.floor(i / PAGE))?.[i % PAGE];
          if (!image) {
            return invoke(api, 'images.ids', { datasetId, ...filter, offset: first, limit: last - first + 1 }).then(parseIdList);
          }
          loaded.push(image.id);
        }
        return Promise.resolve(loaded);
      },
      refresh() {
        reset();
        loadPage(0, api);
        setVersion((v) => v + 1);
      },
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [total, version, error, key, api, loadPage, reset],
  );
}
