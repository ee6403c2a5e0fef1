import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ImageRecord } from '../../../shared/types';
import { hasChannel, invoke } from '../../app/client';
import { useApi, useEngineEvents, useLoad } from '../../app/api-context';
import type { ScreenProps } from '../../app/screen';
import { LabelList } from '../label/LabelList';
import { FilterPanel } from './FilterPanel';
import { SkippedFiles } from './SkippedFiles';
import { Toolbar } from './Toolbar';
import { Lightbox } from './Lightbox';
import { useImageCollection, type ImageFilter } from './image-collection';
import { useSelection } from './selection';
import { VirtualGrid, type GridLayout } from './VirtualGrid';
import { ImageCell } from './ImageCell';
import { shortcutHints } from '../../app/actions';
import { useScopedActionKeys } from '../../app/use-scoped-action-keys';
import { LabelPicker } from '../label/LabelPicker';
import { labelKeys } from '../label/label-keys';
import { workbenchActions, type WorkbenchContext } from './actions';
import { DEFAULT_FILTER, recallWorkbench, rememberWorkbench } from './workbench-memory';
import { WorkbenchEmpty } from './WorkbenchEmpty';
import { useLabelCommands } from './use-label-commands';
import { takeGridHandoff } from '../../app/grid-handoff';
import { DataLoopCounts } from '../data/DataLoopCounts';
import { PickedBanner, useMoreLikeThis, usePickedImages } from './more-like-this';

const CAPTION = 22;
const ZOOM_KEY = 'vit-studio.zoom';

/**
 * The image grid with filters, selection and the lightbox. Browse and Label are the same
 * workbench with the same keys (workbenchActions) and the same filter and selection; Label adds
 * label editing in the sidebar.
 */
export function ImageWorkbench({ datasetId, notify, mode }: ScreenProps & { datasetId: number; mode: 'browse' | 'label' }) {
  const api = useApi();
  const labelMode = mode === 'label';
  const remembered = useMemo(() => recallWorkbench(datasetId), [datasetId]);
  const [handoff] = useState(() => takeGridHandoff(datasetId));
  const [filter, setFilter] = useState<ImageFilter>(() => (handoff ? { ...remembered.filter, imageIds: handoff.imageIds } : remembered.filter));
  const { picked, show, showAll } = usePickedImages(filter, setFilter, handoff);
  const [zoom, setZoom] = useState(() => Number(localStorage.getItem(ZOOM_KEY)) || 148);
  const [focus, setFocus] = useState(remembered.focus);
  const [lightbox, setLightbox] = useState(false);
  const [picker, setPicker] = useState<string | null>(null);
  const layout = useRef<GridLayout>({ columns: 1, cell: zoom });
  const root = useRef<HTMLDivElement>(null);
  const { selection, only, toggle, replace, clear } = useSelection(remembered.selection);
  const onLayout = useCallback((l: GridLayout) => {
    layout.current = l;
  }, []);

  const collection = useImageCollection(datasetId, filter);
  const [showSkipped, setShowSkipped] = useState(false);
  const labels = useLoad(() => invoke(api, 'labels.list', { datasetId }), [api, datasetId]);
  const dataset = useLoad(() => invoke(api, 'datasets.get', { datasetId }), [api, datasetId]);
  const total = collection.total ?? 0;
  const keys = useMemo(() => labelKeys(labels.data ?? []), [labels.data]);

  const refreshAll = useCallback(() => {
    collection.refresh();
    labels.reload();
    dataset.reload();
  }, [collection, labels, dataset]);

  useEngineEvents((e) => {
    if (e.type === 'dataset-changed' && e.datasetId === datasetId) refreshAll();
  });

  // A new filter starts at the top with nothing selected (not on mount: that restores the last state).
  const filterKey = JSON.stringify(filter);
  const shownFilter = useRef(filterKey);
  useEffect(() => {
    if (shownFilter.current === filterKey) return;
    shownFilter.current = filterKey;
    setFocus(0);
    clear();
  }, [filterKey, clear]);

  useEffect(() => rememberWorkbench(datasetId, { filter, selection, focus }), [datasetId, filter, selection, focus]);

  useEffect(() => {
    localStorage.setItem(ZOOM_KEY, String(zoom));
  }, [zoom]);

  const targetIds = useCallback((): number[] => {
    if (selection.ids.size > 0) return [...selection.ids];
    const image = collection.at(focus);
    return image ? [image.id] : [];
  }, [selection, collection, focus]);

  // Under a label filter a labelled image leaves the view: the selection goes with it, and the
  // image that moves up into the focused cell is the next one a key labels.
  const afterLabel = useCallback(() => {
    refreshAll();
    if (filter.labelId !== undefined) clear();
  }, [refreshAll, filter.labelId, clear]);
  const { assignLabel, undoRedo } = useLabelCommands({ datasetId, labels: labels.data ?? [], targetIds, notify, refresh: afterLabel });
  const showLookalikes = useCallback((imageIds: number[], title: string) => (show(imageIds, title, true), setLightbox(false)), [show]);
  const lookalikes = useMoreLikeThis(datasetId, notify, showLookalikes);

  useEffect(() => {
    if (collection.total !== null && collection.total > 0 && focus > collection.total - 1) setFocus(collection.total - 1);
  }, [collection.total, focus]);

  async function selectRange(from: number, to: number) {
    const [a, b] = from < to ? [from, to] : [to, from];
    replace(await collection.idsBetween(Math.max(0, a), b));
  }

  function moveFocus(next: number, extend: boolean) {
    if (total === 0) return;
    const clamped = Math.max(0, Math.min(total - 1, next));
    setFocus(clamped);
    if (extend) void selectRange(selection.anchor < 0 ? focus : selection.anchor, clamped);
    else {
      const image = collection.at(clamped);
      if (image) only(image.id, clamped);
    }
  }

  const actionContext: WorkbenchContext = {
    total,
    focus,
    columns: layout.current.columns,
    lightboxOpen: lightbox,
    pickerOpen: picker !== null,
    targetCount: selection.ids.size > 0 ? selection.ids.size : collection.at(focus) ? 1 : 0,
    labels: labels.data ?? [],
    labelKeys: keys,
    moveFocus,
    openLightbox: () => setLightbox(true),
    closeLightbox: () => setLightbox(false),
    toggleFocused: () => {
      const image = collection.at(focus);
      if (image) toggle(image.id, focus);
    },
    clearSelection: clear,
    selectAll: () => void collection.allIds().then((ids) => replace(ids)),
    assignLabel: (labelId) => void assignLabel(labelId),
    openPicker: (typed = '') => setPicker(typed),
    undo: () => void undoRedo('edits.undo'),
    redo: () => void undoRedo('edits.redo'),
    canFindSimilar: hasChannel('data.similar'),
    moreLikeThis: () => {
      const image = collection.at(focus);
      if (image) lookalikes.start(image);
    },
  };
  useScopedActionKeys(workbenchActions, actionContext, root);
  const hints = shortcutHints(workbenchActions, { ...actionContext, lightboxOpen: false, pickerOpen: false, targetCount: 1, total: Math.max(1, total) });

  const onCellClick = useCallback(
    (image: ImageRecord | undefined, index: number, e: React.MouseEvent) => {
      setFocus(index);
      if (!image) return;
      if (e.shiftKey) void selectRange(selection.anchor < 0 ? index : selection.anchor, index);
      else if (e.ctrlKey || e.metaKey) toggle(image.id, index);
      else only(image.id, index);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [selection, toggle, only, collection],
  );

  const onCellOpen = useCallback((index: number) => {
    setFocus(index);
    setLightbox(true);
  }, []);

  const labelById = useMemo(() => new Map((labels.data ?? []).map((l) => [l.id, l])), [labels.data]);
  const focused = collection.at(focus);
  const unlabeled = dataset.data ? dataset.data.imageCount - dataset.data.labeledCount : 0;

  return (
    <div className="workbench" ref={root}>
      <aside className="sidebar" aria-label="Filters">
        <h3 className="sidebar-title">Labels</h3>
        <LabelList
          datasetId={datasetId}
          labels={labels.data ?? []}
          unlabeled={unlabeled}
          total={dataset.data?.imageCount ?? 0}
          active={filter.labelId}
          onFilter={(labelId) => setFilter((f) => ({ ...f, labelId }))}
          editable={labelMode}
          labelKeys={keys}
          onChanged={refreshAll}
          notify={notify}
        />
        <FilterPanel
          filter={filter}
          onChange={setFilter}
          skippedCount={dataset.data?.skippedCount ?? 0}
          onShowSkipped={() => setShowSkipped(true)}
        />
        <DataLoopCounts datasetId={datasetId} />
        <div className="shortcuts" aria-label="Keyboard shortcuts">
          {hints.map((h) => (
            <span key={h.name}>
              <kbd>{h.shortcut}</kbd> {h.label}
            </span>
          ))}
          <span><kbd>⇧</kbd>+click range</span>
        </div>
      </aside>
      <section className="content">
        <Toolbar
          filter={filter}
          onFilter={setFilter}
          zoom={zoom}
          onZoom={setZoom}
          total={collection.total}
          selected={selection.ids.size}
          onClearSelection={clear}
        />
        {lookalikes.status}
        {filter.imageIds && <PickedBanner count={filter.imageIds.length} title={picked?.title ?? 'picked elsewhere'} onShowAll={showAll} />}
        {collection.error && <p className="error banner">{collection.error}</p>}
        {collection.total === 0 ? (
          <WorkbenchEmpty
            imageCount={dataset.data?.imageCount ?? null}
            filter={filter}
            labelMode={labelMode}
            onClearFilters={() => setFilter((f) => ({ ...DEFAULT_FILTER, sort: f.sort, order: f.order }))}
          />
        ) : (
          <VirtualGrid
            label={labelMode ? 'Images to label' : 'Images'}
            count={total}
            cellSize={zoom}
            captionHeight={CAPTION}
            focusIndex={focus}
            onLayout={onLayout}
            onBandSelect={(indices, additive) => {
              if (!indices.length) return;
              // Grid order is the order of the ids: indices map straight to ids.
              const first = Math.min(...indices);
              void collection.idsBetween(first, Math.max(...indices)).then((ids) => {
                const picked = indices.map((i) => ids[i - first]).filter((id): id is number => id !== undefined);
                replace(additive ? [...selection.ids, ...picked] : picked, indices[indices.length - 1]);
                setFocus(indices[indices.length - 1]!);
              });
            }}
            renderCell={(index, { cell, settled }) => {
              const image = collection.at(index);
              return (
                <ImageCell
                  key={index}
                  index={index}
                  image={image}
                  size={cell}
                  caption={CAPTION}
                  label={image?.labelId != null ? labelById.get(image.labelId) : undefined}
                  selected={!!image && selection.ids.has(image.id)}
                  focused={index === focus}
                  showImage={settled}
                  onClick={onCellClick}
                  onOpen={onCellOpen}
                />
              );
            }}
          />
        )}
      </section>
      {picker !== null && (
        <LabelPicker
          labels={labels.data ?? []}
          initial={picker}
          targetCount={actionContext.targetCount}
          onPick={(labelId) => {
            setPicker(null);
            void assignLabel(labelId);
            root.current?.querySelector<HTMLElement>('[role=grid]')?.focus();
          }}
          onClose={() => {
            setPicker(null);
            root.current?.querySelector<HTMLElement>('[role=grid]')?.focus();
          }}
        />
      )}
      {showSkipped && <SkippedFiles datasetId={datasetId} onClose={() => setShowSkipped(false)} />}
      {lightbox && (
        <Lightbox
          image={focused}
          index={focus}
          total={total}
          labels={labels.data ?? []}
          onClose={() => {
            setLightbox(false);
            root.current?.querySelector<HTMLElement>('[role=grid]')?.focus();
          }}
          onStep={(d) => moveFocus(focus + d, false)}
          onShowInGrid={(imageIds) => showLookalikes(imageIds, 'like the one you opened, most similar first')}
        />
      )}
    </div>
  );
}
