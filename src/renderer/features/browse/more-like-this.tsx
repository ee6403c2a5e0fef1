import { useEffect, useState } from 'react';
import type { GridHandoff } from '../../app/grid-handoff';
import { AnalysisProgress } from '../data/AnalysisGate';
import { useAnalysis } from '../data/use-analysis';
import type { ImageFilter } from './image-collection';

/** How many look-alikes "more like this" puts in the grid (with the image itself). */
export const MORE_LIKE_THIS_K = 47;

type Picked = Pick<GridHandoff, 'imageIds' | 'title'> & { sortBefore: ImageFilter['sort'] };

/**
 * Images the grid shows instead of the whole dataset (a map lasso, look-alikes): `show` narrows
 * the filter to them in the order given, `showAll` goes back to the sort used before.
 */
export function usePickedImages(filter: ImageFilter, setFilter: (f: ImageFilter) => void, initial: GridHandoff | null) {
  const [picked, setPicked] = useState<Picked | null>(() => (initial ? { ...initial, sortBefore: filter.sort } : null));
  return {
    picked,
    /** Narrows the grid to these images; `inOrder`: in the order given (look-alikes, most similar first). */
    show(imageIds: number[], title: string, inOrder: boolean) {
      setPicked({ imageIds, title, sortBefore: filter.imageIds ? (picked?.sortBefore ?? 'path') : filter.sort });
      setFilter({ ...filter, imageIds, sort: inOrder ? 'picked' : filter.sort });
    },
    showAll() {
      setFilter({ ...filter, imageIds: undefined, sort: filter.sort === 'picked' ? (picked?.sortBefore ?? 'path') : filter.sort });
      setPicked(null);
    },
  };
}

/** What the grid shows when narrowed to picked images, with the way back. */
export function PickedBanner({ count, title, onShowAll }: { count: number; title: string; onShowAll(): void }) {
  return (
    <p className="banner picked-banner">
      Showing {count.toLocaleString()} images {title}.{' '}
      <button className="link" onClick={onShowAll}>
        Show all images
      </button>
    </p>
  );
}

/**
 * "More like this" from the grid: asks for the image's look-alikes (the similarity index is built
 * in a worker the first time, with progress and Cancel in `status`) and hands them to `show`,
 * the image first and then most similar first. A failure is said in a sentence.
 */
export function useMoreLikeThis(datasetId: number, notify: (message: string, kind?: 'info' | 'error') => void, show: (imageIds: number[], title: string) => void) {
  const [target, setTarget] = useState<{ imageId: number; name: string } | null>(null);
  const view = useAnalysis('data.similar', target ? { datasetId, imageId: target.imageId, k: MORE_LIKE_THIS_K } : null);
  const reply = view.reply;
  useEffect(() => {
    if (!target) return;
    if (view.error) {
      notify(view.error, 'error');
      setTarget(null);
    } else if (reply?.status === 'ready' && reply.result?.image.imageId === target.imageId) {
      const ids = [target.imageId, ...reply.result.neighbors.map((n) => n.imageId)];
      if (ids.length === 1) notify('There is no other image to compare with.');
      else show(ids, `like ${target.name}, most similar first`);
      setTarget(null);
    } else if (reply?.status === 'failed' || reply?.status === 'cancelled') {
      notify(reply.error?.message ?? 'Look-alikes are not available.', reply.status === 'failed' ? 'error' : 'info');
      setTarget(null);
    }
  }, [reply, view.error, target, notify, show]);
  const status = target ? (
    <div className="banner">
      <AnalysisProgress
        progress={view.progress ?? reply?.progress ?? null}
        title={`Finding images like ${target.name}`}
        onCancel={() => {
          void view.cancel();
          setTarget(null);
        }}
      />
    </div>
  ) : null;
  return {
    start: (image: { id: number; relPath: string }) => setTarget({ imageId: image.id, name: image.relPath.slice(image.relPath.lastIndexOf('/') + 1) }),
    status,
  };
}
