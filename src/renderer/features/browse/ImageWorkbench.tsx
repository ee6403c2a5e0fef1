import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ImageRecord } from '../../../shared/types';
import { invoke } from '../../app/client';
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

const CAPTION = 22;
const ZOOM_KEY = 'vit-studio.zoom';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.isContentEditable);
}

/**
 * The image grid with filters, selection and the lightbox. Browse and Label are the same
 * workbench; Label adds numbered label shortcuts, label editing and undo/redo.
 */
export function ImageWorkbench({ datasetId, notify, mode }: ScreenProps & { datasetId: number; mode: 'browse' | 'label' }) {
  const api = useApi();
  const labelMode = mode === 'label';
  const [filter, setFilter] = useState<ImageFilter>({ sort: 'path', order: 'asc' });
  const [zoom, setZoom] = useState(() => Number(localStorage.getItem(ZOOM_KEY)) || 148);
  const [focus, setFocus] = useState(0);
  const [lightbox, setLightbox] = useState(false);
  const layout = useRef<GridLayout>({ columns: 1, cell: zoom });
  const root = useRef<HTMLDivElement>(null);
  const { selection, only, toggle, replace, clear } = useSelection();
  const onLayout = useCallback((l: GridLayout) => {
    layout.current = l;
  }, []);

  const collection = useImageCollection(datasetId, filter);
  const [showSkipped, setShowSkipped] = useState(false);
  const labels = useLoad(() => invoke(api, 'labels.list', { datasetId }), [api, datasetId]);
  const dataset = useLoad(() => invoke(api, 'datasets.get', { datasetId }), [api, datasetId]);
  const total = collection.total ?? 0;

  const refreshAll = useCallback(() => {
    collection.refresh();
    labels.reload();
    dataset.reload();
  }, [collection, labels, dataset]);

  useEngineEvents((e) => {
    if (e.type === 'dataset-changed' && e.datasetId === datasetId) refreshAll();
  });

  useEffect(() => {
    setFocus(0);
    clear();
  }, [filter, datasetId, clear]);

  useEffect(() => {
    localStorage.setItem(ZOOM_KEY, String(zoom));
  }, [zoom]);

  const targetIds = useCallback((): number[] => {
    if (selection.ids.size > 0) return [...selection.ids];
    const image = collection.at(focus);
    return image ? [image.id] : [];
  }, [selection, collection, focus]);

  async function assignLabel(labelId: number | null) {
    const imageIds = targetIds();
    if (imageIds.length === 0) return;
    try {
      const r = await invoke(api, 'images.setLabel', { imageIds, labelId });
      const name = labelId === null ? 'unlabeled' : labels.data?.find((l) => l.id === labelId)?.name;
      notify(`${r.updated.toLocaleString()} image${r.updated === 1 ? '' : 's'} → ${name}`);
      refreshAll();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    }
  }

  async function undoRedo(which: 'edits.undo' | 'edits.redo') {
    try {
      const r = await invoke(api, which, { datasetId });
      notify(r.images > 0 ? `${which === 'edits.undo' ? 'Undid' : 'Redid'} a change of ${r.images} image${r.images === 1 ? '' : 's'}` : `Nothing to ${which === 'edits.undo' ? 'undo' : 'redo'}`);
      refreshAll();
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e), 'error');
    }
  }

  async function selectRange(from: number, to: number) {
    const ids = await collection.allIds();
    const [a, b] = from < to ? [from, to] : [to, from];
    replace(ids.slice(Math.max(0, a), b + 1));
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

  function onKeyDown(e: React.KeyboardEvent) {
    if (isTyping(e.target)) return;
    const mod = e.ctrlKey || e.metaKey;
    const cols = layout.current.columns;
    const key = e.key;
    const handled = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    if (lightbox) {
      if (key === 'Escape') return handled(), setLightbox(false);
      if (key === 'ArrowLeft' || key === 'ArrowUp') return handled(), moveFocus(focus - 1, false);
      if (key === 'ArrowRight' || key === 'ArrowDown') return handled(), moveFocus(focus + 1, false);
    } else {
      if (key === 'ArrowRight') return handled(), moveFocus(focus + 1, e.shiftKey);
      if (key === 'ArrowLeft') return handled(), moveFocus(focus - 1, e.shiftKey);
      if (key === 'ArrowDown') return handled(), moveFocus(focus + cols, e.shiftKey);
      if (key === 'ArrowUp') return handled(), moveFocus(focus - cols, e.shiftKey);
      if (key === 'Home') return handled(), moveFocus(0, e.shiftKey);
      if (key === 'End') return handled(), moveFocus(total - 1, e.shiftKey);
      if (key === 'Enter' && total > 0) return handled(), setLightbox(true);
      if (key === ' ') {
        const image = collection.at(focus);
        if (image) toggle(image.id, focus);
        return handled();
      }
      if (key === 'Escape') return handled(), clear();
      if (mod && key.toLowerCase() === 'a') {
        handled();
        void collection.allIds().then((ids) => replace(ids));
        return;
      }
    }
    if (!labelMode) return;
    if (mod && key.toLowerCase() === 'z') return handled(), void undoRedo(e.shiftKey ? 'edits.redo' : 'edits.undo');
    if (mod && key.toLowerCase() === 'y') return handled(), void undoRedo('edits.redo');
    if (mod || e.altKey) return;
    if (key === '0' || key === 'Backspace' || key === 'Delete') return handled(), void assignLabel(null);
    if (/^[1-9]$/.test(key)) {
      const label = labels.data?.[Number(key) - 1];
      handled();
      if (label) void assignLabel(label.id);
      else notify(`No label ${key}: create more labels in the sidebar.`, 'error');
    }
  }

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
    <div className="workbench" ref={root} onKeyDown={onKeyDown}>
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
          onChanged={refreshAll}
          notify={notify}
        />
        <FilterPanel
          filter={filter}
          onChange={setFilter}
          skippedCount={dataset.data?.skippedCount ?? 0}
          onShowSkipped={() => setShowSkipped(true)}
        />
        <div className="shortcuts" aria-label="Keyboard shortcuts">
          {labelMode ? (
            <>
              <span><kbd>1</kbd>–<kbd>9</kbd> assign label</span>
              <span><kbd>0</kbd> unlabel</span>
              <span><kbd>Ctrl</kbd>+<kbd>Z</kbd> undo · <kbd>Ctrl</kbd>+<kbd>⇧</kbd>+<kbd>Z</kbd> redo</span>
            </>
          ) : null}
          <span><kbd>Ctrl</kbd>+<kbd>A</kbd> select all · <kbd>⇧</kbd>+click range</span>
          <span><kbd>←↑→↓</kbd> move · <kbd>Enter</kbd> open</span>
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
        {collection.error && <p className="error banner">{collection.error}</p>}
        {collection.total === 0 ? (
          <div className="empty">No images match these filters.</div>
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
              // Grid order is the order of allIds(): indices map straight to ids.
              void collection.allIds().then((ids) => {
                const picked = indices.map((i) => ids[i]).filter((id): id is number => id !== undefined);
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
        />
      )}
    </div>
  );
}
