import { useEffect, useState } from 'react';
import { IMAGE_SORTS } from '../../../shared/api/images';
import type { ImageFilter } from './image-collection';

const SORT_NAMES: Record<(typeof IMAGE_SORTS)[number], string> = {
  path: 'File name',
  label: 'Label',
  size: 'File size',
  width: 'Width',
  height: 'Height',
  split: 'Split',
  status: 'Status',
  id: 'Import order',
  picked: 'As picked (most similar first)',
};

interface Props {
  filter: ImageFilter;
  onFilter(update: (f: ImageFilter) => ImageFilter): void;
  zoom: number;
  onZoom(zoom: number): void;
  total: number | null;
  selected: number;
  onClearSelection(): void;
}

export function Toolbar({ filter, onFilter, zoom, onZoom, total, selected, onClearSelection }: Props) {
  const [search, setSearch] = useState(filter.search ?? '');
  // Typing refines the query after a short pause, not on every key.
  useEffect(() => {
    const t = setTimeout(() => onFilter((f) => ((f.search ?? '') === search ? f : { ...f, search: search || undefined })), 200);
    return () => clearTimeout(t);
  }, [search, onFilter]);

  return (
    <div className="toolbar" role="toolbar" aria-label="Grid options">
      <input
        type="search"
        className="search"
        placeholder="Search file names"
        aria-label="Search file names"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && setSearch('')}
      />
      <label className="field-inline">
        Sort
        <select aria-label="Sort by" value={filter.sort} onChange={(e) => onFilter((f) => ({ ...f, sort: e.target.value as ImageFilter['sort'] }))}>
          {IMAGE_SORTS.filter((s) => s !== 'picked' || filter.imageIds).map((s) => (
            <option key={s} value={s}>
              {SORT_NAMES[s]}
            </option>
          ))}
        </select>
      </label>
      <button
        className="icon-button"
        aria-label={filter.order === 'desc' ? 'Descending (click for ascending)' : 'Ascending (click for descending)'}
        title="Sort order"
        onClick={() => onFilter((f) => ({ ...f, order: f.order === 'desc' ? 'asc' : 'desc' }))}
      >
        {filter.order === 'desc' ? '↓' : '↑'}
      </button>
      <span className="grow" />
      <span className="muted count-text" aria-live="polite">
        {total === null ? 'Loading…' : `${total.toLocaleString()} images`}
        {selected > 0 && (
          <>
            {' · '}
            <button className="link" onClick={onClearSelection} title="Clear selection (Esc)">
              {selected.toLocaleString()} selected ×
            </button>
          </>
        )}
      </span>
      <label className="field-inline zoom">
        <span aria-hidden="true">▫</span>
        <input type="range" min={80} max={320} step={8} value={zoom} aria-label="Thumbnail size" onChange={(e) => onZoom(Number(e.target.value))} />
        <span aria-hidden="true">◻</span>
      </label>
    </div>
  );
}
