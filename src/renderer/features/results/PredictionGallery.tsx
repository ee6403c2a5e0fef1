import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PredictionItem } from '../../../shared/api/runs';
import type { LabelInfo } from '../../../shared/types';
import { VirtualGrid, type GridLayout } from '../browse/VirtualGrid';
import { labelKeys, pickerOpening } from '../label/label-keys';
import { LabelPicker } from '../label/LabelPicker';
import { PredictionCard } from './PredictionCard';
import type { GalleryFilter } from './prediction-filter';
import type { PredictionList } from './use-predictions';

interface Props {
  list: PredictionList;
  filter: GalleryFilter;
  onFilter(f: GalleryFilter): void;
  labels: LabelInfo[];
  /** Labels fixed from the gallery since the run: imageId → labelId. */
  overrides: Map<number, number | null>;
  onSetLabel(item: PredictionItem, labelId: number | null): void;
}

const CELL = 148;
const CAPTION = 66;
const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA');

/** Filters + a virtualized grid of prediction cards; arrows move, a label key sets the focused card's true label. */
export function PredictionGallery({ list, filter, onFilter, labels, overrides, onSetLabel }: Props) {
  const [focus, setFocus] = useState(0);
  const layout = useRef<GridLayout>({ columns: 1, cell: CELL });
  const items = list.items;
  const keys = useMemo(() => labelKeys(labels), [labels]);
  const [picker, setPicker] = useState<{ item: PredictionItem; typed: string } | null>(null);
  // Any narrowing filter replaces a confusion-matrix cell; sorting keeps it.
  const set = (patch: Partial<GalleryFilter>) => onFilter({ ...filter, cell: 'sort' in patch ? filter.cell : null, ...patch });
  const onLayout = useCallback((l: GridLayout) => (layout.current = l), []);
  useEffect(() => setFocus(0), [filter]);

  // E toggles "errors only" anywhere on the screen.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'e' || e.key === 'E') {
        e.preventDefault();
        onFilter({ ...filter, errorsOnly: !filter.errorsOnly, cell: null });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [filter, onFilter]);

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    const cols = layout.current.columns;
    const move = (to: number) => {
      e.preventDefault();
      setFocus(Math.max(0, Math.min(items.length - 1, to)));
    };
    if (e.key === 'ArrowRight') return move(focus + 1);
    if (e.key === 'ArrowLeft') return move(focus - 1);
    if (e.key === 'ArrowDown') return move(focus + cols);
    if (e.key === 'ArrowUp') return move(focus - cols);
    if (e.key === 'Home') return move(0);
    if (e.key === 'End') return move(items.length - 1);
    // The same label keys as Browse and Label (label-keys.ts): never a surprise position; the
    // type-ahead picker (L or /) reaches every label of 37.
    const item = items[focus];
    if (!item || e.ctrlKey || e.metaKey || e.altKey) return;
    const label = keys.labelFor(e.key);
    const typed = label ? null : pickerOpening(e.key, keys);
    if (label) onSetLabel(item, label.id);
    else if (typed !== null && labels.length) setPicker({ item, typed });
    else return;
    e.preventDefault();
  }

  const cellLabel = filter.cell
    ? `true ${labels.find((l) => l.id === filter.cell!.trueId)?.name ?? '?'} → predicted ${labels.find((l) => l.id === filter.cell!.predId)?.name ?? '?'}`
    : null;

  return (
    <section className="gallery" aria-labelledby="gallery-title">
      <div className="gallery-filters">
        <h2 id="gallery-title">Predictions</h2>
        <div className="segmented inline" role="radiogroup" aria-label="Split">
          {(['test', 'val', 'train', 'all'] as const).map((s) => (
            <button key={s} type="button" role="radio" aria-checked={filter.split === s} onClick={() => set({ split: s })}>
              {s}
            </button>
          ))}
        </div>
        <button type="button" className="toggle" aria-pressed={filter.errorsOnly} aria-keyshortcuts="E" onClick={() => set({ errorsOnly: !filter.errorsOnly })}>
          Errors only <kbd>E</kbd>
        </button>
        <select aria-label="Class" value={filter.labelId ?? ''} onChange={(e) => set({ labelId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">All classes</option>
          {labels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
        <span className="conf-range">
          <span className="muted small" title="Confidence range">Conf.</span>
          <input type="number" aria-label="Minimum confidence %" min={0} max={100} step={5} value={Math.round(filter.minConf * 100)} onChange={(e) => set({ minConf: Math.min(1, Math.max(0, Number(e.target.value) / 100))})} />
          <span className="muted">–</span>
          <input type="number" aria-label="Maximum confidence %" min={0} max={100} step={5} value={Math.round(filter.maxConf * 100)} onChange={(e) => set({ maxConf: Math.min(1, Math.max(0, Number(e.target.value) / 100))})} />
          <span className="muted small">%</span>
        </span>
        <select aria-label="Sort" value={filter.sort} onChange={(e) => set({ sort: e.target.value as GalleryFilter['sort'] })}>
          <option value="confidence">Confidence ↑</option>
          <option value="-confidence">Confidence ↓</option>
        </select>
      </div>
      <div className="gallery-status small">
        {cellLabel && (
          <span className="chip cell-chip">
            {cellLabel}
            <button className="icon-button" aria-label="Clear the confusion-matrix filter" onClick={() => set({ cell: null })}>
              ×
            </button>
          </span>
        )}
        <span className="muted" aria-live="polite" data-testid="gallery-count">
          {list.loading ? 'Loading…' : `${items.length.toLocaleString()} image${items.length === 1 ? '' : 's'}`}
        </span>
        <span className="grow" />
        <span className="muted">
          <kbd>←↑↓→</kbd> move
          {keys.mode === 'names' && <> · a label's name sets the true label</>}
          {keys.mode === 'positions' && labels.length > 0 && (
            <>
              {' · '}
              <kbd>1</kbd>–<kbd>{Math.min(9, labels.length)}</kbd> set true label
            </>
          )}
        </span>
      </div>
      {list.error && <p className="error">{list.error}</p>}
      {!list.loading && items.length === 0 && !list.error ? (
        <p className="empty">No predictions match these filters.</p>
      ) : (
        <VirtualGrid
          count={items.length}
          cellSize={CELL}
          captionHeight={CAPTION}
          focusIndex={focus}
          onLayout={onLayout}
          onKeyDown={onKeyDown}
          label="Predictions"
          renderCell={(index) => {
            const item = items[index]!;
            return (
              <PredictionCard
                key={item.imageId}
                item={item}
                index={index}
                trueLabelId={overrides.has(item.imageId) ? overrides.get(item.imageId)! : item.trueLabelId}
                labels={labels}
                size={CELL}
                caption={CAPTION}
                focused={index === focus}
                onFocus={setFocus}
                onSetLabel={onSetLabel}
              />
            );
          }}
        />
      )}
      {picker && (
        <LabelPicker
          labels={labels}
          initial={picker.typed}
          targetCount={1}
          onPick={(labelId) => {
            setPicker(null);
            onSetLabel(picker.item, labelId);
            document.querySelector<HTMLElement>('.gallery [role=grid]')?.focus();
          }}
          onClose={() => {
            setPicker(null);
            document.querySelector<HTMLElement>('.gallery [role=grid]')?.focus();
          }}
        />
      )}
    </section>
  );
}
